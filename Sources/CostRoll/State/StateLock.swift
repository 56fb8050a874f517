import Foundation
import Glibc

/// One run at a time per state store: an exclusive `flock` on `STATE.lock`, held until
/// `release()` or the process ends (the kernel drops it even after `kill -9`, so a crash never
/// leaves a stale lock).
public final class StateLock {
  public let path: String
  private var descriptor: Int32

  /// Takes the lock for the store at `statePath`, waiting up to `waitSeconds` (0: not at all)
  /// for another run to release it; throws `.locked` if it does not.
  public init(statePath: String, waitSeconds: Double = 0) throws(CostRollError) {
    path = statePath + ".lock"
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty {
      try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    let deadline = Date().addingTimeInterval(waitSeconds)
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
        close(descriptor)
        descriptor = -1
        throw .locked(path: statePath)
      }
      usleep(100_000)
    }
  }

  /// Releases the lock (also done when the lock is deallocated).
  public func release() {
    guard descriptor >= 0 else { return }
    flock(descriptor, LOCK_UN)
    close(descriptor)
    descriptor = -1
  }

  deinit { release() }
}
