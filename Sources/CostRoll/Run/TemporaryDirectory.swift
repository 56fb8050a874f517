import Foundation
import Glibc

/// Private directories under `$TMPDIR` for a run's temporary files (the line spool, spilled
/// shards, spooled rejections), each deleted by its owner.
enum TemporaryDirectory {
  /// A new directory named `prefix` and a unique suffix, readable by this user only.
  static func make(prefix: String) throws(CostRollError) -> String {
    var template = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
      throw .writeFailed(path: NSTemporaryDirectory(), reason: String(cString: strerror(errno)))
    }
    return String(cString: made)
  }
}
