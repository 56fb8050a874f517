import Testing

@testable import CostRoll

/// A valid event line with some fields replaced, for rule tests.
func eventLine(_ overrides: [String: String] = [:], removing: Set<String> = []) -> String {
  var fields: [(String, String)] = [
    ("id", "\"7c9e6679-7425-40de-944b-e07fc1f90ae7\""), ("timestamp", "\"2026-11-24T13:05:22.123Z\""),
    ("user_id", "\"1b4e28ba-2fa1-41d2-883f-0016d3cca427\""), ("podcast_id", "null"), ("episode_id", "null"),
    ("event_type", "\"ai_api_call\""), ("service", "\"gemini_text\""), ("quantity", "\"1834\""), ("unit", "\"tokens\""),
    ("unit_cost_usd", "\"0.00000075\""), ("total_cost_usd", "\"0.0013755\""), ("metadata", "{\"model\":\"x\"}"),
    ("created_at", "\"2026-11-24T13:05:22.456Z\""),
  ]
  fields = fields.filter { !removing.contains($0.0) }.map { ($0.0, overrides[$0.0] ?? $0.1) }
  for (key, value) in overrides where !fields.contains(where: { $0.0 == key }) { fields.append((key, value)) }
  return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
}

func decode(_ line: String) -> LineOutcome {
  decodeBytes(Array(line.utf8))
}

func decodeBytes(_ bytes: [UInt8]) -> LineOutcome {
  var decoder = EventDecoder()
  return bytes.withUnsafeBufferPointer { decoder.decode($0, origin: LineOrigin(source: "t", line: 1)) }
}

/// The event a valid test line decodes to, read at `source`:`line`.
func validEvent(_ text: String, source: String = "s", line: Int = 1) -> CostEvent {
  var decoder = EventDecoder()
  let bytes = Array(text.utf8)
  guard
    case .event(let event, _) = bytes.withUnsafeBufferPointer({
      decoder.decode($0, origin: LineOrigin(source: source, line: line))
    })
  else { fatalError("test line is not a valid event: \(text)") }
  return event
}

/// Valid test lines as events, numbered from line 1.
func validEvents(_ lines: [String], source: String = "s") -> [CostEvent] {
  lines.enumerated().map { validEvent($0.element, source: source, line: $0.offset + 1) }
}

func rejectionOf(_ line: String) -> (RejectReason, String?)? {
  if case .rejection(let r) = decode(line) { return (r.reason, r.field) }
  return nil
}

func decodedEvent(_ line: String) -> (CostEvent, EventNotes)? {
  if case .event(let e, let notes) = decode(line) { return (e, notes) }
  return nil
}

@Suite struct EventDecoderTests {
  @Test func decodesTheSpecExample() throws {
    let (event, notes) = try #require(decodedEvent(eventLine()))
    #expect(event.id.description == "7c9e6679-7425-40de-944b-e07fc1f90ae7")
    #expect(event.timestamp.description == "2026-11-24T13:05:22.123Z")
    #expect(event.createdAt?.description == "2026-11-24T13:05:22.456Z")
    #expect(event.userID?.description == "1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    #expect(event.podcastID == nil)
    #expect(event.service.description == "gemini_text")
    #expect(event.quantity.description == "1834")
    #expect(event.unitCost?.description == "0.00000075")
    #expect(event.totalCost.description == "0.0013755")
    #expect(notes.isEmpty)
  }

  @Test func blankLines() {
    for line in ["", " ", "\t \r", "\r"] {
      guard case .blank = decode(line) else {
        Issue.record("not blank: \(line.debugDescription)")
        continue
      }
    }
    #expect(rejectionOf("\u{0B}")?.0 == .malformedJSON)
  }

  @Test(arguments: [
    ("{", RejectReason.malformedJSON), ("{\"a\":1,}", .malformedJSON), ("{\"a\":NaN}", .malformedJSON),
    ("{\"a\":+1}", .malformedJSON), ("{\"a\":0123}", .malformedJSON), ("{\"a\":\"\\ud800\"}", .malformedJSON),
    ("{\"a\":\"\\udc00\\ud800\"}", .malformedJSON), ("{\"a\":\"x\ty\"}", .malformedJSON), ("{} {}", .malformedJSON),
    ("{'a':1}", .malformedJSON), ("\u{FEFF}{}", .malformedJSON), ("[1,2]", .notObject), ("\"x\"", .notObject),
    ("12", .notObject), ("null", .notObject), ("{\"a\":1,\"a\":2}", .duplicateKey),
    ("{\"m\":{\"k\":1,\"k\":2}}", .duplicateKey), ("{\"a\":1,\"\\u0061\":2}", .duplicateKey),
    ("{\"m\":[{\"x\":1},{\"x\":1,\"x\":1}]}", .duplicateKey),
  ])
  func structuralReasons(line: String, reason: RejectReason) {
    #expect(rejectionOf(line)?.0 == reason)
  }

  @Test func depthLimit() {
    let ok = "{\"m\":" + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}"
    let deep = "{\"m\":" + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}"
    #expect(rejectionOf(ok)?.0 == .missingField)
    #expect(rejectionOf(deep)?.0 == .tooDeep)
    // A million brackets: no stack overflow, just malformed.
    #expect(rejectionOf(String(repeating: "[", count: 1_000_000))?.0 == .malformedJSON)
  }

  @Test func manyKeysAreCheckedForDuplicatesQuickly() {
    let keys = (0..<50_000).map { "\"k\($0)\":0" }
    #expect(rejectionOf("{" + keys.joined(separator: ",") + "}")?.0 == .missingField)
    #expect(rejectionOf("{" + keys.joined(separator: ",") + ",\"k49999\":1}")?.0 == .duplicateKey)
  }

  /// Raw DEL and C1 controls (which the scanner lets through) make an id or label invalid at
  /// every position; invalid UTF-8 comes before a grammar fault later in the line, and before
  /// a field fault in a line that otherwise scans.
  @Test func rawControlsAndUTF8FaultsKeepTheirReasons() throws {
    for control: [UInt8] in [[0x7F], [0xC2, 0x80], [0xC2, 0x85], [0xC2, 0x9F]] {
      for position in 0...9 {
        for (field, reason) in [("unit", RejectReason.invalidValue), ("id", .invalidID)] {
          var value = Array("abcdefghij".utf8)
          value.replaceSubrange(position..<(position + 1), with: control)
          let line = Array(eventLine([field: "\"X\""]).utf8)
          let at = try #require(line.firstIndex(of: UInt8(ascii: "X")))
          var bytes = line
          bytes.replaceSubrange(at..<(at + 1), with: value)
          guard case .rejection(let r) = decodeBytes(bytes) else {
            Issue.record("accepted \(control) at \(position) in \(field)")
            continue
          }
          #expect(r.reason == reason, "\(control) at \(position) in \(field)")
        }
      }
    }
    /// The reason `bytes` are rejected for, or `nil` when they are an event.
    func reason(_ bytes: [UInt8]) -> RejectReason? {
      if case .rejection(let r) = decodeBytes(bytes) { return r.reason }
      return nil
    }
    var wide = Array(eventLine(["unit": "\"t\u{00E9}\""]).utf8)
    #expect(reason(wide) == nil)
    wide.removeLast()  // the closing brace: a grammar fault at the end
    #expect(reason(wide) == .malformedJSON)
    let at = try #require(wide.firstIndex(of: 0xC3))
    wide[at] = 0xFF
    #expect(reason(wide) == .invalidUTF8)
    wide.append(UInt8(ascii: "}"))
    #expect(reason(wide) == .invalidUTF8)
  }

  @Test func invalidUTF8() throws {
    var bytes = Array(eventLine(["service": "\"ab\""]).utf8)
    let index = try #require(bytes.firstIndex(of: UInt8(ascii: "b")))
    bytes[index] = 0xFF
    guard case .rejection(let r) = decodeBytes(bytes) else {
      Issue.record("accepted")
      return
    }
    #expect(r.reason == .invalidUTF8)
    for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
      guard case .rejection(let r) = decodeBytes([0x22] + bad + [0x22]) else {
        Issue.record("accepted")
        return
      }
      #expect(r.reason == .invalidUTF8)
    }
  }

  @Test(arguments: [
    ("id", RejectReason.missingField), ("timestamp", .missingField), ("event_type", .missingField),
    ("service", .missingField), ("unit", .missingField), ("quantity", .missingField),
  ])
  func requiredFields(field: String, reason: RejectReason) {
    #expect(rejectionOf(eventLine(removing: [field]))! == (reason, field))
    #expect(rejectionOf(eventLine([field: "null"]))! == (reason, field))
  }

  @Test func totalOrUnitCost() throws {
    #expect(
      rejectionOf(eventLine(removing: ["total_cost_usd", "unit_cost_usd"]))! == (.missingField, "total_cost_usd"))
    let (derived, notes) = try #require(decodedEvent(eventLine(["total_cost_usd": "null"])))
    #expect(derived.totalCost.description == "0.0013755")
    #expect(notes == [.derivedCost])
    let (onlyTotal, _) = try #require(decodedEvent(eventLine(removing: ["unit_cost_usd"])))
    #expect(onlyTotal.unitCost == nil)
    // A derived product at 10^15 is invalid_number on total_cost_usd.
    #expect(
      rejectionOf(eventLine(["quantity": "100000000", "unit_cost_usd": "10000000"], removing: ["total_cost_usd"]))!
        == (.invalidNumber, "total_cost_usd"))
    // A derived product that needs rounding counts as rounded.
    let (_, roundedNotes) = try #require(
      decodedEvent(
        eventLine(["quantity": "0.000000000000000003", "unit_cost_usd": "0.5"], removing: ["total_cost_usd"])))
    #expect(roundedNotes == [.derivedCost, .roundedValue])
  }

  @Test func mismatchesAndRoundingAreCountedNotRejected() throws {
    let (mismatch, notes) = try #require(decodedEvent(eventLine(["total_cost_usd": "0.0014"])))
    #expect(mismatch.totalCost.description == "0.0014")
    #expect(notes == [.costMismatch])
    let (noisy, noisyNotes) = try #require(decodedEvent(eventLine(["total_cost_usd": "0.0013755000000000001"])))
    #expect(noisy.totalCost.description == "0.0013755")
    #expect(noisyNotes == [.roundedValue])
    let (js, jsNotes) = try #require(
      decodedEvent(eventLine(["total_cost_usd": "2.0999999999999997e-7", "unit_cost_usd": "7.5e-7"])))
    #expect(js.totalCost.description == "0.00000021")
    #expect(jsNotes == [.roundedValue, .costMismatch])
  }

  @Test(arguments: [
    ("quantity", "true", RejectReason.wrongType), ("quantity", "{}", .wrongType), ("quantity", "[1]", .wrongType),
    ("quantity", "\"NaN\"", .invalidNumber), ("quantity", "\"\"", .invalidNumber),
    ("quantity", "\" 1\"", .invalidNumber),
    ("quantity", "\"+1\"", .invalidNumber), ("quantity", "\"0x1\"", .invalidNumber),
    ("quantity", "\"Infinity\"", .invalidNumber),
    ("quantity", "1e15", .invalidNumber), ("quantity", "\"1e15\"", .invalidNumber), ("quantity", "-1", .negativeValue),
    ("quantity", "\"-1e-30\"", .negativeValue), ("total_cost_usd", "-0.01", .negativeValue),
    ("unit_cost_usd", "\"abc\"", .invalidNumber), ("id", "42", .wrongType), ("id", "\"\"", .invalidID),
    ("id", "\"\(String(repeating: "x", count: 129))\"", .invalidID), ("id", "\"a\\u0001b\"", .invalidID),
    ("id", "\"a\\u0085b\"", .invalidID), ("timestamp", "1732453522", .wrongType),
    ("timestamp", "\"2026-11-24T13:05:22\"", .invalidTimestamp), ("created_at", "\"yesterday\"", .invalidTimestamp),
    ("created_at", "5", .wrongType), ("service", "\"\"", .invalidValue),
    ("service", "\"\(String(repeating: "s", count: 65))\"", .invalidValue), ("unit", "\"a\\nb\"", .invalidValue),
    ("unit", "\"a\u{7F}b\"", .invalidValue), ("event_type", "7", .wrongType), ("user_id", "\"user-42\"", .invalidUUID),
    ("user_id", "\"1b4e28ba2fa141d2883f0016d3cca427\"", .invalidUUID), ("podcast_id", "7", .wrongType),
    ("episode_id", "\"{1b4e28ba-2fa1-41d2-883f-0016d3cca427}\"", .invalidUUID), ("metadata", "\"x\"", .wrongType),
    ("metadata", "[]", .wrongType),
    // Escaped values are judged by their decoded bytes, before they are kept anywhere.
    ("id", "\"\\u0078\(String(repeating: "x", count: 128))\"", .invalidID),
    ("service", "\"\\u0073\(String(repeating: "s", count: 64))\"", .invalidValue),
  ])
  func fieldRules(field: String, value: String, reason: RejectReason) {
    let result = rejectionOf(eventLine([field: value]))
    #expect(result?.0 == reason)
    #expect(result?.1 == field)
  }

  @Test func acceptedSpellings() throws {
    #expect(decodedEvent(eventLine(["id": "\"\(String(repeating: "x", count: 128))\""])) != nil)
    #expect(decodedEvent(eventLine(["service": "\"\(String(repeating: "s", count: 64))\""])) != nil)
    #expect(decodedEvent(eventLine(["service": "\"\\u0073\(String(repeating: "s", count: 63))\""])) != nil)
    #expect(decodedEvent(eventLine(["id": "\"\\u0078\(String(repeating: "x", count: 127))\""])) != nil)
    #expect(decodedEvent(eventLine(["metadata": "null"])) != nil)
    #expect(decodedEvent(eventLine(removing: ["metadata", "created_at", "user_id"])) != nil)
    #expect(decodedEvent(eventLine(["quantity": "1834.0", "unit_cost_usd": "7.5E-7"])) != nil)
    #expect(decodedEvent(eventLine(["extra": "{\"deep\":[1,2,{\"x\":null}]}"])) != nil)
    let (upper, _) = try #require(decodedEvent(eventLine(["user_id": "\"1B4E28BA-2FA1-41D2-883F-0016D3CCA427\""])))
    #expect(upper.userID?.description == "1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    let (escaped, _) = try #require(decodedEvent("{\"\\u0069d\":\"x\"," + eventLine(removing: ["id"]).dropFirst()))
    #expect(escaped.id.description == "x")
    let (unicode, _) = try #require(decodedEvent(eventLine(["service": "\"caf\\u00e9 \\ud83d\\ude00\""])))
    #expect(unicode.service.description == "café 😀")
  }

  @Test func fieldOrderDecidesWhichFaultIsReported() {
    let line = eventLine(["quantity": "-1", "timestamp": "\"bad\""], removing: ["service"])
    #expect(rejectionOf(line)! == (.invalidTimestamp, "timestamp"))
  }

  @Test func uuidIdsAreCanonicalAndOtherIdsAreBytes() throws {
    let (a, _) = try #require(decodedEvent(eventLine(["id": "\"7C9E6679-7425-40DE-944B-E07FC1F90AE7\""])))
    let (b, _) = try #require(decodedEvent(eventLine()))
    #expect(a.id == b.id)
    let (c, _) = try #require(decodedEvent(eventLine(["id": "\"Abc\""])))
    let (d, _) = try #require(decodedEvent(eventLine(["id": "\"abc\""])))
    #expect(c.id != d.id)
    // Canonically equivalent but different bytes stay different.
    let (e, _) = try #require(decodedEvent(eventLine(["id": "\"\u{E9}\""])))
    let (f, _) = try #require(decodedEvent(eventLine(["id": "\"e\u{301}\""])))
    #expect(e.id != f.id)
  }
}

@Suite struct EventFieldTests {
  @Test func indexesFollowTheCheckOrderAndNamesMatch() {
    for (position, field) in EventField.allCases.enumerated() {
      #expect(field.index == position)
      let name = Array(field.rawValue.utf8)
      #expect(name.withUnsafeBufferPointer { EventField.named($0) } == field)
    }
    #expect(Array("ids".utf8).withUnsafeBufferPointer { EventField.named($0) } == nil)
  }

  /// A guess only speeds the search up: right or wrong, the answer is the name's field.
  @Test func guessesNeverChangeTheAnswer() {
    for field in EventField.allCases {
      let name = Array(field.rawValue.utf8)
      for guess in EventField.allCases + [nil] {
        #expect(name.withUnsafeBufferPointer { EventField.named($0, guess: guess) } == field)
        #expect(Array("ids".utf8).withUnsafeBufferPointer { EventField.named($0, guess: guess) } == nil)
      }
    }
  }

  /// Lines whose fields come in different orders decode alike, one after the other.
  @Test func fieldOrderChangesBetweenLines() throws {
    var decoder = EventDecoder()
    let forward = eventLine()
    let members = forward.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
    let backward = "{" + members.reversed().joined(separator: ",") + "}"
    var totals: [String] = []
    for line in [forward, backward, forward, backward] {
      let outcome = Array(line.utf8).withUnsafeBufferPointer {
        decoder.decode($0, origin: LineOrigin(source: "t", line: 1))
      }
      guard case .event(let event, _) = outcome else {
        Issue.record("not an event: \(line)")
        return
      }
      totals.append("\(event.id) \(event.service) \(event.totalCost) \(event.timestamp)")
    }
    #expect(Set(totals).count == 1)
  }
}
