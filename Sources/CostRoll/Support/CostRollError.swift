/// A fatal problem: the run cannot go on (bad flags, unreadable input, unwritable output).
///
/// Bad records are never errors; they are `Rejection`s. Every case names what went wrong and
/// where, and `hint` says what to do about it.
public enum CostRollError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A flag or pipeline value is wrong; nothing was written.
  case usage(String, hint: String)
  /// An input path does not exist or is not a file or directory.
  case inputNotFound(path: String)
  /// The inputs (as given: directories, files, globs) hold no file at all; nothing was written.
  case noInput(looked: [String])
  /// Reading an input failed part way (I/O error, permissions).
  case readFailed(path: String, reason: String)
  /// An input changed while the run read it: line `line` (1-based), read a second time, is not
  /// the line read the first time, or is gone. Nothing was written.
  case inputChanged(path: String, line: Int)
  /// Writing an output failed; earlier outputs under final names are untouched.
  case writeFailed(path: String, reason: String)
  /// A pipeline file is wrong at `line` (1-based, when known), under `key` (a key path such as
  /// `reports[0].bucket`); nothing was run.
  case pipeline(path: String, line: Int?, key: String, message: String, hint: String)
  /// Another run holds the state store's lock.
  case locked(path: String)
  /// The state store failed (opening, migrating, reading or writing it).
  case stateFailed(path: String, reason: String)

  /// One line for a person: what and where.
  public var description: String {
    switch self {
    case .usage(let message, _): return message
    case .inputNotFound(let path): return "\(path): no such file or directory"
    case .noInput(let looked):
      return "no input files in \(looked.joined(separator: ", ")) (empty, no match, or every file hidden)"
    case .readFailed(let path, let reason): return "\(path): cannot read: \(reason)"
    case .inputChanged(let path, let line):
      return
        "\(path):\(line): the file changed while costroll read it (this line is not the one read earlier in the run)"
    case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
    case .pipeline(let path, let line, let key, let message, _):
      return "\(path)\(line.map { ":\($0)" } ?? ""): \(key.isEmpty ? "" : key + ": ")\(message)"
    case .locked(let path): return "\(path): another costroll run holds this state store's lock"
    case .stateFailed(let path, let reason): return "\(path): state store: \(reason)"
    }
  }

  /// What to do about it.
  public var hint: String {
    switch self {
    case .usage(_, let hint): return hint
    case .inputNotFound: return "check the path; directories are read recursively, '-' reads standard input"
    case .noInput:
      return "check the paths and globs (names starting with '.' are skipped); "
        + "if a night without files is expected, pass --allow-empty (allow_empty: true in a pipeline)"
    case .readFailed: return "check the file's permissions and the disk, then run again"
    case .inputChanged:
      return
        "run again once the file is complete; have its writer write under another name and rename it into place when done"
    case .writeFailed: return "check that the output directory is writable and the disk has room, then run again"
    case .pipeline(_, _, _, _, let hint): return hint
    case .locked: return "wait for the other run to finish (or pass --wait SECONDS), then run again"
    case .stateFailed:
      return "check the state file's permissions and the disk; the store is left as the last finished run wrote it"
    }
  }
}
