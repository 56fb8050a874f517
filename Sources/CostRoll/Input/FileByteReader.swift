import Glibc

/// Reads a file descriptor in chunks with `read(2)`; standard input or an opened file.
final class FileByteReader {
  private let descriptor: Int32
  private let ownsDescriptor: Bool
  let name: String
  private(set) var bytesRead = 0

  /// Opens `source` for reading.
  init(_ source: InputSource) throws(CostRollError) {
    name = source.name
    guard let path = source.path else {
      descriptor = 0
      ownsDescriptor = false
      return
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .readFailed(path: source.name, reason: String(cString: strerror(errno))) }
    descriptor = fd
    ownsDescriptor = true
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  /// Reads up to `buffer.count` bytes; 0 at end of file.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(CostRollError) -> Int {
    while true {
      let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
      if count >= 0 {
        bytesRead += count
        return count
      }
      if errno == EINTR { continue }
      throw .readFailed(path: name, reason: String(cString: strerror(errno)))
    }
  }

  /// Fills `buffer` as far as the file allows (pipes may return short reads).
  func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(CostRollError) -> Int {
    var filled = 0
    while filled < buffer.count {
      let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
      if count == 0 { break }
      filled += count
    }
    return filled
  }
}
