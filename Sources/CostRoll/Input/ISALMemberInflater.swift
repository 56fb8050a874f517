#if ISAL
  import CISAL

  /// gzip members through ISA-L's `isal_inflate` (Debian: libisal-dev), behind the `ISAL`
  /// package trait: about 970 MB/s per core against zlib's 430 MB/s.
  final class ISALMemberInflater: MemberInflater {
    private let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)

    init() { reset() }

    deinit { state.deallocate() }

    func reset() {
      isal_inflate_init(state)
      state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    func inflate(
      _ input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer,
      _ emit: (UnsafeRawBufferPointer) -> Void
    ) -> (consumed: Int, progress: MemberProgress) {
      guard let base = input.baseAddress else { return (0, .needsInput) }
      state.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
      state.pointee.avail_in = UInt32(input.count)
      while true {
        state.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(output.count)
        let result = isal_inflate(state)
        let produced = output.count - Int(state.pointee.avail_out)
        if produced > 0 { emit(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
        let consumed = input.count - Int(state.pointee.avail_in)
        if result < 0 { return (consumed, .damaged(Self.message(result))) }
        if state.pointee.block_state == ISAL_BLOCK_FINISH { return (consumed, .memberEnded) }
        if state.pointee.avail_in == 0 && state.pointee.avail_out != 0 { return (consumed, .needsInput) }
        if produced == 0 && state.pointee.avail_out != 0 { return (consumed, .needsInput) }
      }
    }

    static func message(_ code: Int32) -> String {
      switch code {
      case ISAL_INVALID_BLOCK: return "invalid deflate block (isa-l)"
      case ISAL_INVALID_SYMBOL: return "invalid deflate symbol (isa-l)"
      case ISAL_INVALID_LOOKBACK: return "invalid lookback distance (isa-l)"
      case ISAL_INVALID_WRAPPER: return "invalid gzip header (isa-l)"
      case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method (isa-l)"
      case ISAL_INCORRECT_CHECKSUM: return "incorrect data check (isa-l)"
      default: return "isa-l error \(code)"
      }
    }
  }
#endif
