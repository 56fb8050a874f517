/// The hash of a report row's key values and bucket, fed one value at a time.
///
/// `Hasher` (SipHash) ran twice per event for report rows, and with the dictionary's
/// bookkeeping was about 10% of the 5 M-event report's CPU (`perf record`). Rows only need a
/// well-mixed 64-bit value: each value is folded in with a multiply, and the result goes through
/// MurmurHash3's finalizer. Not keyed, so not flooding-resistant: the inputs are the operator's
/// own logs.
struct RowHash {
  private var state: UInt64 = 0x243F_6A88_85A3_08D3

  @inline(__always) private mutating func fold(_ word: UInt64) {
    state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
    state ^= state >> 29
  }

  /// Feeds one key value (a null, the 128 bits of a UUID, or text byte by byte with its length).
  mutating func combine(_ value: KeyValue) {
    switch value {
    case .null: combine(uuid: nil)
    case .uuid(let uuid): combine(uuid: uuid)
    case .text(let text): combine(text: text)
    }
  }

  /// Feeds `key`'s value for `event`, as `combine(key.value(of: event, …))` would, without
  /// making the value.
  mutating func combine(_ key: GroupKey, of event: DecodedEvent, category: ByteString) {
    switch key {
    case .userID: combine(uuid: event.userID)
    case .podcastID: combine(uuid: event.podcastID)
    case .episodeID: combine(uuid: event.episodeID)
    case .service: combine(text: event.service)
    case .eventType: combine(text: event.eventType)
    case .unit: combine(text: event.unit)
    case .category: category.bytes.withUnsafeBufferPointer { combine(text: $0) }
    }
  }

  private mutating func combine(uuid: UUIDValue?) {
    guard let uuid else { return fold(0x6E75_6C6C) }
    let bits = uuid.bits
    fold(UInt64(truncatingIfNeeded: bits >> 64))
    fold(UInt64(truncatingIfNeeded: bits))
  }

  private mutating func combine(text: ByteString) {
    text.bytes.withUnsafeBufferPointer { combine(text: $0) }
  }

  private mutating func combine(text: UnsafeBufferPointer<UInt8>) {
    let raw = UnsafeRawBufferPointer(text)
    fold(UInt64(raw.count) | 1 << 63)
    var offset = 0
    while offset + 8 <= raw.count {
      fold(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      offset += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while offset < raw.count {
      tail |= UInt64(raw[offset]) << shift
      shift += 8
      offset += 1
    }
    fold(tail)
  }

  /// Feeds the bucket, or its absence.
  mutating func combine(_ bucket: Bucket?) {
    guard let bucket else { return fold(0x6E6F_6E65) }
    fold(UInt64(bitPattern: bucket.localStart))
    fold(UInt64(UInt32(bitPattern: bucket.offsetSeconds)))
  }

  /// The hash (MurmurHash3's 64-bit finalizer, so every input bit reaches every output bit).
  func finalize() -> Int {
    var value = state
    value ^= value >> 33
    value &*= 0xFF51_AFD7_ED55_8CCD
    value ^= value >> 33
    value &*= 0xC4CE_B9FE_1A85_EC53
    value ^= value >> 33
    return Int(bitPattern: UInt(value))
  }
}
