import Foundation
import Glibc
import Logging
import Synchronization

/// Private directories under `$TMPDIR` for a run's temporary files (the line spool, spilled
/// shards, spooled rejections), each deleted by its owner with `remove(_:)`, or on an
/// interruption (`InterruptCleanup`).
///
/// A run killed with `SIGKILL` (the kernel's out-of-memory killer, `timeout -s KILL`) cannot
/// clean up, and a large report leaves gigabytes behind; a nightly job killed now and then
/// would fill the disk. So each directory is locked (`flock`) by the process that made it for as
/// long as it exists, and `removeStale()` deletes the directories whose lock nobody holds: the
/// kernel releases a lock when its process ends, however it ends.
enum TemporaryDirectory {
  /// Open, locked descriptors of this process's directories, by path.
  private static let locks = Mutex<[String: Int32]>([:])
  /// What every name starts with; the `.` before the unique suffix marks directories that are
  /// locked while in use (a name `costroll-<kind>-XXXXXX`, without the `.`, is a directory that
  /// could not be locked, and is never taken for stale).
  static let namePrefix = "costroll-"

  /// A new directory named `prefix`, `.` and a unique suffix, readable by this user only, and
  /// locked until `remove(_:)`.
  static func make(prefix: String) throws(CostRollError) -> String {
    let path = try made(NSTemporaryDirectory() + prefix + ".XXXXXX")
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
      locks.withLock { $0[path] = descriptor }
      return path
    }
    // Not lockable (a file system without locks, or none left): a name without the `.`,
    // which `removeStale` never deletes, so that no other run takes it for a killed run's.
    if descriptor >= 0 { close(descriptor) }
    InterruptCleanup.delete(path)
    return try made(NSTemporaryDirectory() + prefix + "-XXXXXX")
  }

  /// `mkdtemp(template)`, tracked for deletion on an interruption.
  private static func made(_ template: String) throws(CostRollError) -> String {
    var bytes = Array(template.utf8CString)
    let made = InterruptCleanup.track(isDirectory: true) {
      bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) }
    }
    guard let made else { throw .writeFailed(path: NSTemporaryDirectory(), reason: String(cString: strerror(errno))) }
    return made
  }

  /// Deletes `path`, made by `make`, and everything in it.
  static func remove(_ path: String) {
    InterruptCleanup.delete(path)
    if let descriptor = locks.withLock({ $0.removeValue(forKey: path) }) { close(descriptor) }
  }

  /// Deletes the directories that runs killed before they could clean up left in `$TMPDIR`: named
  /// by `make`, owned by this user, unchanged for `minimumAge` seconds, and locked by no process.
  /// The age keeps a directory that another process has just made, and not yet locked, safe.
  /// Returns how many were deleted and the bytes their files took.
  @discardableResult
  static func removeStale(in directory: String = NSTemporaryDirectory(), minimumAge: Int = 60) -> (
    count: Int, bytes: Int
  ) {
    AbandonedPath.removeAll(in: directory, named: isLockedKindName, isDirectory: true, minimumAge: minimumAge)
  }

  /// `removeStale()` in `$TMPDIR`, saying on `logger` what it deleted (at the start of a run).
  static func removeStale(logger: Logger) {
    let removed = removeStale()
    guard removed.count > 0 else { return }
    logger.notice(
      "deleted \(removed.count) temporary directories (\(removed.bytes / 1_000_000) MB) that killed runs left in \(NSTemporaryDirectory())"
    )
  }

  /// Whether `name` is `costroll-<kind>.XXXXXX`, as `make` names directories.
  private static func isLockedKindName(_ name: String) -> Bool {
    guard name.hasPrefix(namePrefix) else { return false }
    let parts = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    return parts.count == 2 && parts[1].count == 6 && parts[0].count > namePrefix.utf8.count
  }
}
