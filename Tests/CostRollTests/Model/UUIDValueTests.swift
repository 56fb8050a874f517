import Testing

@testable import CostRoll

@Suite struct UUIDValueTests {
  @Test func parsesAnyCaseAndPrintsLowercase() {
    #expect(UUIDValue("1B4E28BA-2fa1-41D2-883f-0016D3CCA427")?.description == "1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    #expect(UUIDValue("00000000-0000-0000-0000-000000000000")?.bits == 0)
    #expect(UUIDValue("ffffffff-ffff-ffff-ffff-ffffffffffff")?.bits == UInt128.max)
  }

  @Test func refusesEverythingElse() {
    let good = Array("1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    for index in good.indices {
      var bad = good
      bad[index] = good[index] == "-" ? "0" : "g"
      #expect(UUIDValue(String(bad)) == nil, "\(String(bad))")
    }
    for text in [
      "", "1b4e28ba-2fa1-41d2-883f-0016d3cca42", "1b4e28ba-2fa1-41d2-883f-0016d3cca4277",
      "{1b4e28ba-2fa1-41d2-883f-0016d3cca427}",
    ] {
      #expect(UUIDValue(text) == nil)
    }
  }

  @Test func textOrderIsNumericOrder() {
    let a = UUIDValue("0000000a-0000-0000-0000-000000000000")!
    let b = UUIDValue("000000a0-0000-0000-0000-000000000000")!
    #expect(a < b)
    #expect(a.description < b.description)
  }

  /// The word-at-a-time parse against a byte-by-byte one: every byte value at every position
  /// of a UUID, and random UUIDs in mixed case.
  @Test func parsesAsByteByByte() {
    func reference(_ text: [UInt8]) -> UInt128? {
      guard text.count == 36 else { return nil }
      var value: UInt128 = 0
      for (index, byte) in text.enumerated() {
        if [8, 13, 18, 23].contains(index) {
          guard byte == UInt8(ascii: "-") else { return nil }
          continue
        }
        guard let digit = UUIDValue.hexValue(byte) else { return nil }
        value = value << 4 | UInt128(digit)
      }
      return value
    }
    let good = Array("1b4e28ba-2fa1-41d2-883f-0016d3cca427".utf8)
    for index in good.indices {
      for byte in 0...255 {
        var text = good
        text[index] = UInt8(byte)
        #expect(UUIDValue(text: text)?.bits == reference(text), "byte \(byte) at \(index)")
      }
    }
    var random = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdefABCDEF".utf8)
    for _ in 0..<2_000 {
      let text = (0..<36).map { index in
        [8, 13, 18, 23].contains(index) ? UInt8(ascii: "-") : digits.randomElement(using: &random)!
      }
      #expect(UUIDValue(text: text)?.bits == reference(text))
      #expect(UUIDValue(text: text) != nil)
    }
  }
}
