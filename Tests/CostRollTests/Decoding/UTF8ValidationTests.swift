import Testing

@testable import CostRoll

@Suite struct UTF8ValidationTests {
  /// The first bad byte is found wherever it stands, inside or after the 32- and 8-byte ASCII
  /// runs that are tested a word at a time, and valid sequences there pass.
  @Test func findsTheFirstInvalidByteAtEveryOffset() {
    let ascii = Array(repeating: UInt8(ascii: "a"), count: 100)
    for offset in ascii.indices {
      for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xE2, 0x82]] {
        var bytes = ascii
        for (index, byte) in bad.enumerated() where offset + index < bytes.count { bytes[offset + index] = byte }
        let found = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) }
        #expect(found == offset, "bad bytes \(bad) at \(offset)")
      }
      var good = ascii
      let euro: [UInt8] = [0xE2, 0x82, 0xAC]
      for (index, byte) in euro.enumerated() where offset + index < good.count { good[offset + index] = byte }
      let result = good.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) }
      #expect(result == (offset + 3 <= ascii.count ? nil : offset), "€ at \(offset)")
    }
  }
}
