/// Shares one `ByteString` per distinct label (`event_type`, `service`, `unit`) within a
/// decoder, so the handful of labels a stream repeats millions of times are allocated once.
///
/// The first labels are found by a linear scan of their `ShortByteKey` fingerprints rather than
/// by hashing every lookup. A struct, not a class: class properties pay a dynamic exclusivity
/// check on every access.
public struct LabelInterner: Sendable {
  private static let linearLimit = 32
  private var recentKeys: [ShortByteKey] = []
  private var recent: [ByteString] = []
  private var hashed: [UInt64: [ByteString]] = [:]

  public init() {}

  /// The shared `ByteString` with these bytes.
  public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteString {
    let key = ShortByteKey(bytes)
    for index in recentKeys.indices where recentKeys[index] == key {
      if key.isExact || recent[index].bytes.hasSameBytes(as: bytes) { return recent[index] }
    }
    if recent.count < Self.linearLimit {
      let label = ByteString(Array(bytes))
      recentKeys.append(key)
      recent.append(label)
      return label
    }
    // Many distinct labels: FNV-1a into a bounded table; past its bound, labels are not shared.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    if let candidates = hashed[hash] {
      for candidate in candidates where candidate.bytes.hasSameBytes(as: bytes) { return candidate }
    }
    let label = ByteString(Array(bytes))
    if hashed.count < 4096 { hashed[hash, default: []].append(label) }
    return label
  }
}
