import Glibc

/// A file's size and modification time (`stat`), zero when it cannot be read: how a pipeline
/// run recognises an input it has already hashed.
struct FileStamp: Sendable {
  var bytes: Int
  /// Nanoseconds since the epoch.
  var modifiedNanoseconds: Int64

  init(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else {
      bytes = 0
      modifiedNanoseconds = 0
      return
    }
    bytes = Int(info.st_size)
    modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
  }
}
