import Testing

@testable import CostRoll

@Suite struct EventRecordTests {
  /// Records round-trip, and skipping a record by its id lands exactly where reading it does,
  /// with or without each optional field (dedup's first pass relies on it).
  @Test func recordsRoundTripAndSkipToTheSameOffset() {
    let events = validEvents([
      eventLine(),
      eventLine(["id": "\"not-a-uuid-id\"", "created_at": "\"2026-11-24T13:05:23Z\""]),
      eventLine(["podcast_id": "\"2b4e28ba-2fa1-41d2-883f-0016d3cca427\"", "unit_cost_usd": "\"0.5\""]),
      eventLine(
        [
          "episode_id": "\"3b4e28ba-2fa1-41d2-883f-0016d3cca427\"",
          "podcast_id": "\"2b4e28ba-2fa1-41d2-883f-0016d3cca427\"",
        ],
        removing: ["user_id"]),
    ])
    var bytes: [UInt8] = []
    for event in events { EventRecord.append(event, sourceIndex: 0, to: &bytes) }
    bytes.withUnsafeBytes { raw in
      var readOffset = 0
      var skipOffset = 0
      var labels = LabelInterner()
      for event in events {
        let read = EventRecord.read(raw, at: &readOffset, sources: ["s"], labels: &labels)
        let id = EventRecord.id(raw, at: &skipOffset)
        #expect(skipOffset == readOffset)
        #expect(id == event.id)
        #expect(read.hasSameContent(as: event))
        #expect(read.createdAt == event.createdAt && read.origin == event.origin)
      }
      #expect(readOffset == raw.count)
    }
  }
}
