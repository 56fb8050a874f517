import CostRoll

/// A Bloom filter of the ids one part of `kept` holds: which parts an id may be in, so a
/// lookup reads only those (false positives about 1%, never a false negative).
///
/// Hand-written: a few lines over a bit array; no package the project may use has one.
struct KeptFilter {
  private static let hashes = 7
  private(set) var words: [UInt64]

  /// An empty filter sized for `count` ids (10 bits each).
  init(capacity count: Int) {
    words = Array(repeating: 0, count: max(1, (count * 10 + 63) / 64))
  }

  /// A filter stored as its words' little-endian bytes.
  init(bytes: [UInt8]) {
    words = stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { start in
      bytes[start..<start + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    if words.isEmpty { words = [0] }
  }

  var bytes: [UInt8] {
    words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) } }
  }

  /// An id's hash, computed once and probed against every part's filter.
  struct Probe {
    let hash: UInt64
    let step: UInt64

    /// One XXH64 of the id's bytes; the filter's bits come from it by double hashing.
    init(_ id: EventID) {
      switch id {
      case .uuid(let uuid): hash = withUnsafeBytes(of: uuid.bits.bigEndian) { LineHash.of($0) }
      case .text(let text): hash = text.bytes.withUnsafeBytes { LineHash.of($0) }
      }
      step = (hash &* 0x9E37_79B9_7F4A_7C15) | 1
    }

    func bit(_ index: Int, of bitCount: Int) -> Int { Int((hash &+ UInt64(index) &* step) % UInt64(bitCount)) }
  }

  mutating func insert(_ probe: Probe) {
    let bitCount = words.count * 64
    for index in 0..<Self.hashes {
      let bit = probe.bit(index, of: bitCount)
      words[bit >> 6] |= 1 << UInt64(bit & 63)
    }
  }

  func mayContain(_ probe: Probe) -> Bool {
    let bitCount = words.count * 64
    for index in 0..<Self.hashes {
      let bit = probe.bit(index, of: bitCount)
      if words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
    }
    return true
  }
}
