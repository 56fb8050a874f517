import Foundation
import Glibc

/// Private directories under `$TMPDIR` for a run's temporary files (the line spool, spilled
/// shards, spooled rejections), each deleted by its owner with `remove(_:)`, or on an
/// interruption (`InterruptCleanup`).
enum TemporaryDirectory {
  /// A new directory named `prefix` and a unique suffix, readable by this user only.
  static func make(prefix: String) throws(CostRollError) -> String {
    var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
      throw .writeFailed(path: NSTemporaryDirectory(), reason: String(cString: strerror(errno)))
    }
    let path = String(cString: made)
    InterruptCleanup.track(path, isDirectory: true)
    return path
  }

  /// Deletes `path`, made by `make`, and everything in it.
  static func remove(_ path: String) { InterruptCleanup.delete(path) }
}
