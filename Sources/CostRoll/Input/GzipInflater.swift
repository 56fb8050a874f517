import CZlib

/// Streaming gzip decompression through the system zlib, every member of a multi-member file.
///
/// Feed compressed bytes in any chunking; decompressed bytes come out through the closure as
/// soon as zlib produces them, so a damaged file still yields every byte before the damage
/// (for a bad CRC, the whole member, since zlib checks the trailer after its output).
final class GzipInflater {
  private var stream = z_stream()
  private var output: UnsafeMutableRawBufferPointer
  /// Inside a member (header started, trailer not yet checked).
  private var inMember = false
  /// Bytes of the next member's magic seen so far at a member boundary.
  private var pendingMagic: [UInt8] = []
  /// Compressed bytes consumed so far, for messages.
  private(set) var offset = 0
  /// Set once the stream is found damaged; later input is ignored.
  private(set) var failure: (status: StreamStatus, detail: String)?

  init(outputCapacity: Int = 1 << 18) {
    output = UnsafeMutableRawBufferPointer.allocate(byteCount: outputCapacity, alignment: 16)
    let result = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    precondition(result == Z_OK, "zlib inflateInit2 failed: \(result)")
  }

  deinit {
    inflateEnd(&stream)
    output.deallocate()
  }

  /// Decompresses `input`, handing out every decompressed chunk.
  func feed(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
    var remaining = input
    while failure == nil, !remaining.isEmpty {
      if !inMember {
        // A member boundary: only another member's magic may follow.
        while pendingMagic.count < 2, let byte = remaining.first {
          pendingMagic.append(byte)
          remaining = UnsafeRawBufferPointer(rebasing: remaining.dropFirst())
        }
        if pendingMagic.first.map({ $0 != 0x1F }) ?? false || (pendingMagic.count == 2 && pendingMagic[1] != 0x8B) {
          failure = (.corrupt, "bytes after a complete gzip member at byte \(offset + 1) do not start a new member")
          return
        }
        guard pendingMagic.count == 2 else { return }
        if offset > 0 { inflateReset(&stream) }
        inMember = true
        let magic: [UInt8] = pendingMagic
        pendingMagic.removeAll()
        _ = magic.withUnsafeBytes { inflate($0, emit) }
        continue
      }
      let consumed = inflate(remaining, emit)
      remaining = UnsafeRawBufferPointer(rebasing: remaining.dropFirst(consumed))
    }
  }

  /// Ends the input: the stream's status.
  func finish() -> (status: StreamStatus, detail: String?) {
    if let failure { return (failure.status, failure.detail) }
    if inMember || !pendingMagic.isEmpty {
      return (.truncated, "the data ends inside a gzip member (after \(offset) compressed bytes)")
    }
    return (.ok, nil)
  }

  /// Runs zlib over `input` until it is used up, a member ends or the data is bad; returns the
  /// bytes consumed.
  @discardableResult
  private func inflate(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) -> Int {
    guard let base = input.baseAddress else { return 0 }
    stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(input.count)
    defer { offset += input.count - Int(stream.avail_in) }
    while true {
      stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
      stream.avail_out = uInt(output.count)
      let result = CZlib.inflate(&stream, Z_NO_FLUSH)
      let produced = output.count - Int(stream.avail_out)
      if produced > 0 { emit(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
      switch result {
      case Z_STREAM_END:
        inMember = false
        return input.count - Int(stream.avail_in)
      case Z_OK:
        if stream.avail_in == 0 && stream.avail_out != 0 { return input.count }
      case Z_BUF_ERROR:
        return input.count - Int(stream.avail_in)
      default:
        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
        let at = offset + input.count - Int(stream.avail_in)
        failure = (.corrupt, "gzip data is damaged near compressed byte \(at): \(message)")
        return input.count - Int(stream.avail_in)
      }
    }
  }
}
