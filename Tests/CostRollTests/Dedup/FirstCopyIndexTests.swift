import Testing

@testable import CostRoll

@Suite struct FirstCopyIndexTests {
  @Test func agreesWithADictionaryAcrossGrowthAndTextIds() {
    // Starts small so the table grows several times; ids repeat, in UUID and text form, and
    // UUIDs that share a half must not collide.
    var index = FirstCopyIndex(capacity: 4)
    var reference: [EventID: Int] = [:]
    var generator = SystemRandomNumberGenerator()
    for ordinal in 0..<20_000 {
      let pick = Int.random(in: 0..<6_000, using: &generator)
      let id: EventID =
        pick % 10 == 0
        ? .text(ByteString("id-\(pick)"))
        : .uuid(UUIDValue(bits: UInt128(pick % 3) << 64 | UInt128(pick)))
      let expected = reference[id]
      if expected == nil { reference[id] = ordinal }
      #expect(index.firstOrdinal(of: id, recording: ordinal) == expected)
    }
  }
}
