import Glibc

/// One open temporary file of a run (the line spool, spooled rejections): appended to while a
/// source is read, read at offsets afterwards.
final class SpoolFile {
  let path: String
  let descriptor: Int32

  /// Creates (or empties) the file at `path` for appending.
  init(creating path: String) throws(CostRollError) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
  }

  /// Opens the file at `path` for reading.
  init(path: String) throws(CostRollError) {
    self.path = path
    descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
  }

  deinit { close(descriptor) }

  /// Appends `bytes`.
  func write(_ bytes: [some BitwiseCopyable]) throws(CostRollError) {
    let descriptor = descriptor
    if let reason = bytes.withUnsafeBytes({ DescriptorWrite.all($0, to: descriptor) }) {
      throw .writeFailed(path: path, reason: reason)
    }
  }

  /// `count` bytes at `offset`; fewer only at the end of the file when `allowShort`.
  func read(at offset: Int, count: Int, allowShort: Bool) throws(CostRollError) -> [UInt8] {
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      var done = 0
      while done < count {
        let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
        if got < 0 && errno == EINTR { continue }
        if got < 0 { failure = errno }
        if got <= 0 { break }
        done += got
      }
      initialized = done
    }
    if failure != 0 { throw .readFailed(path: path, reason: String(cString: strerror(failure))) }
    if bytes.count < count && !allowShort { throw .readFailed(path: path, reason: "the spool file ended early") }
    return bytes
  }
}
