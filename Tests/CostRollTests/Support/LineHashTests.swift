import Testing

@testable import CostRoll

@Suite struct LineHashTests {
  /// XXH64 with seed 0, as the reference implementation computes it (Python's `xxhash` 3.x:
  /// `xxhash.xxh64(data).intdigest()`), for every path through the function: under 4 bytes,
  /// under 32, over 32 with a tail, and many lanes.
  @Test func matchesTheReferenceImplementation() {
    let cases: [([UInt8], UInt64)] = [
      ([], 0xEF46_DB37_51D8_E999),
      (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B),
      (Array("abc".utf8), 0x44BC_2CF5_AD77_0999),
      (Array("0123456789abcdef0123456789abcdef!".utf8), 0x8AFF_F4DA_AC4E_677E),
      (Array((0..<512).map { UInt8($0 % 256) }), 0x7B3B_FCAA_C034_8AC0),
    ]
    for (bytes, expected) in cases {
      #expect(bytes.withUnsafeBufferPointer { LineHash.of($0) } == expected, "\(bytes.count) bytes")
    }
  }

  /// Every single-byte change of a line changes its hash (the lanes are bijective per word).
  @Test func everyByteCounts() {
    let line = Array(eventLine().utf8)
    let hash = line.withUnsafeBufferPointer { LineHash.of($0) }
    for index in line.indices {
      var changed = line
      changed[index] ^= 0x20
      #expect(changed.withUnsafeBufferPointer { LineHash.of($0) } != hash, "byte \(index)")
    }
    #expect(line.dropLast().withUnsafeBufferPointer { LineHash.of($0) } != hash)
  }
}
