import Testing

@testable import CostRoll

@Suite struct EventRecordTests {
  /// Records round-trip, and skipping a record (by its id, or without reading it) lands exactly
  /// where reading it does, with or without each optional field (dedup's first pass and the
  /// spilled shards' reader rely on it).
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
      var plainSkipOffset = 0
      var labels = LabelInterner()
      for event in events {
        let read = EventRecord.read(raw, at: &readOffset, sources: ["s"], labels: &labels)
        let id = EventRecord.id(raw, at: &skipOffset)
        EventRecord.skip(raw, at: &plainSkipOffset)
        #expect(skipOffset == readOffset && plainSkipOffset == readOffset)
        #expect(id == event.id)
        #expect(read.hasSameContent(as: event))
        #expect(read.createdAt == event.createdAt && read.origin == event.origin)
      }
      #expect(readOffset == raw.count)
    }
  }

  /// A line's record written straight from the decoded line (the ingest path, with escaped ids
  /// and labels decoded into the decoder's scratch) is byte for byte the record of the line's
  /// `CostEvent`; lines are decoded one after another by one decoder, as files are.
  @Test func recordsFromDecodedLinesEqualRecordsFromEvents() {
    let lines = [
      eventLine(),
      eventLine(["id": #""\u0061bc-\u0031""#, "event_type": #""ai_\u0061pi""#, "unit": #""tok\/ens""#]),
      eventLine(["service": #""g\u00e9mini""#, "id": #""7C9E6679-7425-40DE-944B-E07FC1F90AE\u0037""#]),
      eventLine(["id": "\"plain-text-id\"", "unit_cost_usd": "null", "created_at": "null"]),
      eventLine(["event_type": #""\u0078\u0079""#, "service": #""\u0073""#, "unit": #""\u0075""#]),
    ]
    var fromEvents: [UInt8] = []
    for event in validEvents(lines) { EventRecord.append(event, sourceIndex: 3, to: &fromEvents) }
    var fromLines: [UInt8] = []
    var decoder = EventDecoder()
    for (index, line) in lines.enumerated() {
      let bytes = Array(line.utf8)
      bytes.withUnsafeBufferPointer { buffer in
        guard case .event(let event, _) = decoder.decodeLine(buffer, source: "s", lineNumber: index + 1) else {
          Issue.record("not an event: \(line)")
          return
        }
        EventRecord.append(event, sourceIndex: 3, line: index + 1, to: &fromLines)
      }
    }
    #expect(fromLines == fromEvents)
    // Each escaped value has a scratch slot of its own.
    let escaped = validEvent(lines[1])
    #expect(escaped.id.description == "abc-1" && escaped.eventType.description == "ai_api")
    #expect(escaped.unit.description == "tok/ens" && escaped.service.description == "gemini_text")
    #expect(validEvent(lines[2]).service.description == "gémini")
    let labels = validEvent(lines[4])
    #expect([labels.eventType, labels.service, labels.unit].map(\.description) == ["xy", "s", "u"])
  }
}
