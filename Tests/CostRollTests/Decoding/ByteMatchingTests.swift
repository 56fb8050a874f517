import Testing

@testable import CostRoll

/// The word-at-a-time shortcuts of decoding agree with the plain byte-by-byte rules.
@Suite struct ByteMatchingTests {
  /// The rule `hasControlCharacter` implements, one byte at a time.
  func plainHasControl(_ bytes: [UInt8]) -> Bool {
    for index in bytes.indices {
      if bytes[index] < 0x20 || bytes[index] == 0x7F { return true }
      if bytes[index] == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
    }
    return false
  }

  @Test func controlCharactersAreFoundAtEveryPositionOfLongAndShortText() {
    let inserts: [[UInt8]] = [
      [0x00], [0x01], [0x1F], [0x7F], [0xC2, 0x80], [0xC2, 0x9F], [0xC2, 0xA0], [0xC3, 0xA9], [0x20],
    ]
    for length in [0, 1, 7, 8, 9, 15, 16, 17, 40] {
      let base = Array(repeating: UInt8(ascii: "a"), count: length)
      #expect(!base.withUnsafeBufferPointer { FieldReader.hasControlCharacter($0) })
      for insert in inserts {
        for position in 0...length {
          let bytes = Array(base[..<position]) + insert + Array(base[position...])
          let found = bytes.withUnsafeBufferPointer { FieldReader.hasControlCharacter($0) }
          #expect(found == plainHasControl(bytes), "\(insert) at \(position) of \(length)")
        }
      }
    }
  }

  @Test func shortByteKeysAreEqualExactlyWhenShortBytesAre() {
    let words = [
      "", "a", "b", "ab", "ba", "unit", "units", "tokens", "service", "services", "total_cost_usd",
      "unit_cost_usd", "0123456789abcdef", "0123456789abcdeg", "1123456789abcdef",
    ]
    for a in words {
      for b in words {
        #expect((ShortByteKey(Array(a.utf8)) == ShortByteKey(Array(b.utf8))) == (a == b), "\(a) vs \(b)")
      }
    }
    // Past 16 bytes the middle is not in the key: the caller compares bytes.
    let long = ShortByteKey(Array("01234567-middle-A-89abcdef".utf8))
    #expect(!long.isExact && long == ShortByteKey(Array("01234567-middle-B-89abcdef".utf8)))
    for name in EventField.allCases {
      #expect(Array(name.rawValue.utf8).withUnsafeBufferPointer { EventField.named($0) } == name)
    }
    #expect(Array("units".utf8).withUnsafeBufferPointer { EventField.named($0) } == nil)
  }

  @Test func labelsLongerThanTheKeyAreInternedByTheirBytes() {
    var labels = LabelInterner()
    let a = Array("01234567-middle-A-89abcdef".utf8)
    let b = Array("01234567-middle-B-89abcdef".utf8)
    let first = a.withUnsafeBufferPointer { labels.intern($0) }
    let second = b.withUnsafeBufferPointer { labels.intern($0) }
    let again = a.withUnsafeBufferPointer { labels.intern($0) }
    #expect(first.bytes == a && second.bytes == b && again.bytes == a)
  }
}
