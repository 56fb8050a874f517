/// An output file whose lines are kept on disk while a run finds them (`RejectSpool`,
/// `ConflictSpool`), then written out in (source, line) order without being held whole.
public protocol SpooledOutput: Sendable {
  /// Spells the file, handing it to `emit` in pieces of about 1 MiB. Every writer must be
  /// closed first.
  func write(to emit: ([UInt8]) throws(CostRollError) -> Void) throws(CostRollError)
}
