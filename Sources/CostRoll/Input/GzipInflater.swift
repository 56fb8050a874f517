/// Streaming gzip decompression, every member of a multi-member file: the system zlib, or
/// ISA-L when built with the `ISAL` package trait.
///
/// Feed compressed bytes in any chunking; decompressed bytes come out through the closure as
/// soon as the engine produces them, so a damaged file still yields every byte before the
/// damage (for a bad CRC, the whole member, since the trailer is checked after the output).
final class GzipInflater {
  private let engine: MemberInflater
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
    #if ISAL
      engine = ISALMemberInflater()
    #else
      engine = ZlibMemberInflater()
    #endif
  }

  deinit { output.deallocate() }

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
        if offset > 0 { engine.reset() }
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

  /// Runs the engine over `input` until it is used up, a member ends or the data is bad;
  /// returns the bytes consumed.
  @discardableResult
  private func inflate(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) -> Int {
    let (consumed, progress) = engine.inflate(input, output: output, emit)
    offset += consumed
    switch progress {
    case .needsInput: break
    case .memberEnded: inMember = false
    case .damaged(let message):
      failure = (.corrupt, "gzip data is damaged near compressed byte \(offset): \(message)")
    }
    return consumed
  }
}
