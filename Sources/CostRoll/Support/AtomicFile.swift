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
    /// The final name.
    public let path: String
    private let temporary: String
    private var descriptor: Int32
    /// Whether the file is under its final name.
    private var published = false

    /// Starts the file that `commit()` will put at `path`.
    public init(path: String) throws(CostRollError) {
      self.path = path
      let directory = AtomicFile.directory(of: path)
      let name = path.split(separator: "/").last.map(String.init) ?? path
      temporary =
        (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
      // Deleted on an interruption too (tracked before it exists, so that no interruption
      // falls between), so that no half-written output is left beside the file; locked while
      // it is written, so that after a `kill -9` the next run can tell it was left
      // (`removeAbandoned(in:)`).
      InterruptCleanup.track(temporary, isDirectory: false)
      descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else {
        let reason = String(cString: strerror(errno))
        InterruptCleanup.untrack(temporary)
        throw .writeFailed(path: path, reason: reason)
      }
      _ = flock(descriptor, LOCK_EX | LOCK_NB)
    }

    deinit {
      if descriptor >= 0 { close(descriptor) }
      if !published { InterruptCleanup.delete(temporary) }
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
      try finish()
      try publish()
      AtomicFile.syncDirectory(of: path)
    }

    /// Flushes the whole file to disk, still under its temporary name: after this only
    /// `publish()` is left, which a set of outputs does for all its files at once.
    public func finish() throws(CostRollError) {
      let failure = fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))
      close(descriptor)
      descriptor = -1
      if let failure {
        InterruptCleanup.delete(temporary)
        throw .writeFailed(path: path, reason: failure)
      }
    }

    /// Renames the finished file into place (see `finish()`).
    public func publish() throws(CostRollError) {
      guard rename(temporary, path) == 0 else {
        let failure = String(cString: strerror(errno))
        InterruptCleanup.delete(temporary)
        throw .writeFailed(path: path, reason: failure)
      }
      InterruptCleanup.untrack(temporary)
      published = true
    }
  }

  /// The directory part of `path` (empty for a bare name).
  static func directory(of path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
  }

  /// Makes the renames in `path`'s directory durable.
  static func syncDirectory(of path: String) {
    let directory = directory(of: path)
    let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if descriptor >= 0 {
      fsync(descriptor)
      close(descriptor)
    }
  }

  /// Publishes finished files (see `Writer.finish()`) together: each is renamed into place
  /// only once every one of them is complete on disk, so a run's outputs change as a set.
  public static func publish(_ files: [Writer]) throws(CostRollError) {
    for file in files { try file.publish() }
    // Each directory once (a run's outputs share one).
    var synced: Set<String> = []
    for file in files where synced.insert(directory(of: file.path)).inserted { syncDirectory(of: file.path) }
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

  /// Fails unless files can be created in `directory` (it exists, is a directory, and a file
  /// can be made in it: permissions, a read-only mount), by making and deleting one; so a run
  /// finds out before its work, not after.
  public static func checkWritable(directory: String) throws(CostRollError) {
    var info = stat()
    guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
      throw .writeFailed(path: directory, reason: "not a directory")
    }
    let probe = directory + "/.costroll-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .writeFailed(path: directory, reason: String(cString: strerror(errno))) }
    close(descriptor)
    unlink(probe)
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
