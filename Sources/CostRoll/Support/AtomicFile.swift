import Foundation
import Glibc

/// Writes a file so that it appears under its final name complete or not at all: the bytes go
/// to a temporary file in the same directory, are flushed to disk, and are renamed over the
/// final name; a run killed at any moment leaves the previous file intact.
public enum AtomicFile {
  /// Writes `bytes` to `path` atomically.
  public static func write(_ bytes: [UInt8], to path: String) throws(CostRollError) {
    let file = try Writer(path: path)
    try file.append(bytes)
    try file.commit()
  }

  /// Writes to `path` atomically the pieces that `produce` hands to its argument, so that the
  /// file is never held whole (`rejects.jsonl` and `conflicts.jsonl`, from their spools).
  public static func write(
    to path: String, producedBy produce: (([UInt8]) throws(CostRollError) -> Void) throws(CostRollError) -> Void
  ) throws(CostRollError) {
    let file = try Writer(path: path)
    try produce { (piece) throws(CostRollError) in try file.append(piece) }
    try file.commit()
  }

  /// A file written piece by piece (a big report need not be held whole) that appears under
  /// its name only at `commit()`; dropped without a commit, it leaves no trace. Used by one
  /// thread at a time.
  public final class Writer: @unchecked Sendable {
    private let path: String
    private let temporary: String
    private let directory: String
    private var descriptor: Int32

    /// Starts the file that `commit()` will put at `path`.
    public init(path: String) throws(CostRollError) {
      self.path = path
      directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
      let name = path.split(separator: "/").last.map(String.init) ?? path
      temporary =
        (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
      descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
      // Deleted on an interruption too, so that no half-written output is left beside the file;
      // locked while it is written, so that after a `kill -9` the next run can tell it was left
      // (`removeAbandoned(in:)`).
      InterruptCleanup.track(temporary, isDirectory: false)
      _ = flock(descriptor, LOCK_EX | LOCK_NB)
    }

    deinit {
      if descriptor >= 0 {
        close(descriptor)
        InterruptCleanup.delete(temporary)
      }
    }

    /// Appends `bytes`.
    public func append(_ bytes: [UInt8]) throws(CostRollError) {
      let descriptor = descriptor
      if let failure = bytes.withUnsafeBytes({ DescriptorWrite.all($0, to: descriptor) }) {
        throw .writeFailed(path: path, reason: failure)
      }
    }

    /// Flushes the file to disk and renames it into place.
    public func commit() throws(CostRollError) {
      var failure: String?
      if fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
      close(descriptor)
      descriptor = -1
      if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
      if let failure {
        InterruptCleanup.delete(temporary)
        throw .writeFailed(path: path, reason: failure)
      }
      InterruptCleanup.untrack(temporary)
      // Make the rename itself durable.
      let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      if directoryFD >= 0 {
        fsync(directoryFD)
        close(directoryFD)
      }
    }
  }

  /// Deletes the half-written outputs (`.<name>.tmp-<pid>-<n>`) that runs killed while writing
  /// left in `directory`: unchanged for `minimumAge` seconds and locked by no writer (see
  /// `AbandonedPath`). Returns how many.
  @discardableResult
  public static func removeAbandoned(in directory: String, minimumAge: Int = 60) -> Int {
    AbandonedPath.removeAll(in: directory, named: isTemporaryName, isDirectory: false, minimumAge: minimumAge).count
  }

  /// Whether `name` is `.<name>.tmp-<digits>-<digits>`, as `Writer` names its temporary file.
  static func isTemporaryName(_ name: String) -> Bool {
    guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { return false }
    let numbers = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
    return marker.lowerBound > name.index(after: name.startIndex) && numbers.count == 2
      && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
  }

  /// Creates `path` and its parents if missing.
  public static func makeDirectory(_ path: String) throws(CostRollError) {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      current += "/" + component
      if mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
      }
    }
  }
}
