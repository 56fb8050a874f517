/// The documented exit statuses. When several apply, the largest wins.
public enum ExitStatus: Int32, Sendable, CaseIterable {
  /// The run is clean (rejects allowed unless over `--max-reject-rate`).
  case clean = 0
  /// An unexpected internal error.
  case internalError = 1
  /// Rejected lines above `--max-reject-rate` (for `validate`: any rejected line).
  case rejectRateExceeded = 2
  /// An input file is truncated or corrupt; its complete lines were still processed.
  case damagedInput = 3
  /// A usage or configuration error; nothing was written.
  case usage = 64
  /// The inputs hold no file at all (unless allowed); nothing was written.
  case noInput = 66
  /// Reading an input or writing an output failed, the state store did, or an input changed
  /// during the run.
  case ioFailure = 74
  /// Another run holds the state store's lock; nothing was changed (`run`, `recalculate`).
  case locked = 75

  /// The status for a fatal error.
  public init(_ error: CostRollError) {
    switch error {
    case .usage, .inputNotFound, .pipeline: self = .usage
    case .noInput: self = .noInput
    case .readFailed, .inputChanged, .writeFailed, .stateFailed: self = .ioFailure
    case .locked: self = .locked
    }
  }
}
