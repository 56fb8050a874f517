import CZlib

/// gzip members through the system zlib (`inflate` with gzip wrapping, window bits 15 + 16).
final class ZlibMemberInflater: MemberInflater {
  private var stream = z_stream()

  init() {
    let result = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    precondition(result == Z_OK, "zlib inflateInit2 failed: \(result)")
  }

  deinit { inflateEnd(&stream) }

  func reset() { inflateReset(&stream) }

  func inflate(
    _ input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void
  ) -> (consumed: Int, progress: MemberProgress) {
    guard let base = input.baseAddress else { return (0, .needsInput) }
    stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(input.count)
    while true {
      stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
      stream.avail_out = uInt(output.count)
      let result = CZlib.inflate(&stream, Z_NO_FLUSH)
      let produced = output.count - Int(stream.avail_out)
      if produced > 0 { emit(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
      let consumed = input.count - Int(stream.avail_in)
      switch result {
      case Z_STREAM_END:
        return (consumed, .memberEnded)
      case Z_OK:
        if stream.avail_in == 0 && stream.avail_out != 0 { return (consumed, .needsInput) }
      case Z_BUF_ERROR:
        return (consumed, .needsInput)
      default:
        return (consumed, .damaged(stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"))
      }
    }
  }
}
