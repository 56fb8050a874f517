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

  /// A core reuses one index for its shards in turn: after a reset to the same or another size,
  /// no id from before is known, and ordinals start over.
  @Test func resetForgetsEveryIdAtAnySize() {
    var index = FirstCopyIndex(capacity: 100)
    let ids = (0..<300).map { EventID.uuid(UUIDValue(bits: UInt128($0) << 64 | 7)) } + [.text(ByteString("t"))]
    for (ordinal, id) in ids.enumerated() { _ = index.firstOrdinal(of: id, recording: ordinal) }
    for capacity in [300, 100, 5_000] {
      index.reset(capacity: capacity)
      for (ordinal, id) in ids.enumerated() { #expect(index.firstOrdinal(of: id, recording: ordinal) == nil) }
      #expect(index.firstOrdinal(of: ids[42], recording: 999) == 42)
    }
  }
}
