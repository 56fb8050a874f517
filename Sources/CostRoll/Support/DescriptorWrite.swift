import Glibc

/// Writes a whole buffer to a file descriptor. `write(2)` may write less than asked, or be
/// interrupted before writing anything, so it is called until every byte is out: the one such
/// loop for every file costroll writes (outputs, spill shards, line spool, spooled stdin).
enum DescriptorWrite {
  /// Writes all of `bytes` to `descriptor`; returns why it failed (`strerror`), or `nil`.
  static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
    var done = 0
    while done < bytes.count {
      let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return String(cString: strerror(count < 0 ? errno : EIO)) }
      done += count
    }
    return nil
  }
}
