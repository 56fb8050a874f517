/// Why a field stops a line from being an event; internal to decoding, where it becomes a
/// `Rejection`.
struct FieldFault: Error {
  var reason: RejectReason
  var field: EventField?
  var detail: String
}

/// Reads and checks the top-level fields of one scanned line, in `EventField` order.
struct FieldReader {
  let line: UnsafeBufferPointer<UInt8>
  let values: UnsafeBufferPointer<JSONLineScanner.Member?>
  /// Where escaped ids and labels are decoded to (a `DecodedStringScratch`'s bytes).
  let scratch: UnsafeMutableBufferPointer<UInt8>
  /// Whether the line's unescaped strings may hold a control character: the scanner rejects
  /// those below 0x20, so only a line with bytes from 0x7F up (DEL, C1) needs the check
  /// (`JSONLineScanner.hasWideBytes`); decoded escapes are always checked.
  let lineMayHaveControls: Bool
  private var notes = EventNotes()

  init(
    line: UnsafeBufferPointer<UInt8>, values: UnsafeBufferPointer<JSONLineScanner.Member?>,
    scratch: UnsafeMutableBufferPointer<UInt8>, lineMayHaveControls: Bool
  ) {
    self.line = line
    self.values = values
    self.scratch = scratch
    self.lineMayHaveControls = lineMayHaveControls
  }

  /// The event, or the first fault found.
  mutating func event() throws(FieldFault) -> (event: DecodedEvent, notes: EventNotes) {
    let (uuidID, idBytes) = try eventID()
    let timestamp = try instant(.timestamp, required: true)!
    let eventType = try label(.eventType, slot: 1)
    let service = try label(.service, slot: 2)
    let unit = try label(.unit, slot: 3)
    let quantity = try decimal(.quantity)!
    let givenTotal = try decimal(.totalCostUSD, required: false)
    let unitCost = try decimal(.unitCostUSD, required: false)
    let userID = try uuid(.userID)
    let podcastID = try uuid(.podcastID)
    let episodeID = try uuid(.episodeID)
    let createdAt = try instant(.createdAt, required: false)
    if let metadata = values[EventField.metadata.index], metadata.kind != .object {
      throw FieldFault(reason: .wrongType, field: .metadata, detail: "metadata must be an object or null")
    }
    let total: FixedDecimal
    if let givenTotal {
      total = givenTotal
      if let unitCost, FixedDecimal.totalMismatches(total: givenTotal, quantity: quantity, unitCost: unitCost) {
        notes.insert(.costMismatch)
      }
    } else if let unitCost {
      guard let product = quantity.multipliedExactly(by: unitCost) else {
        throw FieldFault(
          reason: .invalidNumber, field: .totalCostUSD,
          detail: "derived total quantity × unit_cost_usd is 10^15 or more")
      }
      total = product.value
      notes.insert(.derivedCost)
      if product.rounded { notes.insert(.roundedValue) }
    } else {
      throw FieldFault(
        reason: .missingField, field: .totalCostUSD,
        detail: "total_cost_usd is missing and there is no unit_cost_usd to derive it from")
    }
    let event = DecodedEvent(
      uuidID: uuidID, idBytes: idBytes, timestamp: timestamp, createdAt: createdAt, userID: userID,
      podcastID: podcastID, episodeID: episodeID, eventType: eventType, service: service,
      unit: unit, quantity: quantity, unitCost: unitCost, totalCost: total)
    return (event, notes)
  }

  // MARK: - Field kinds

  private func member(_ field: EventField, required: Bool) throws(FieldFault) -> JSONLineScanner.Member? {
    guard let member = values[field.index] else {
      if required { throw FieldFault(reason: .missingField, field: field, detail: "\(field.rawValue) is missing") }
      return nil
    }
    return member
  }

  /// Calls `body` with the string's bytes: in place when it has no escapes, decoded otherwise.
  private func withString<Result>(
    _ member: JSONLineScanner.Member, _ body: (UnsafeBufferPointer<UInt8>) throws(FieldFault) -> Result
  ) throws(FieldFault) -> Result {
    let text = UnsafeBufferPointer(rebasing: line[member.value])
    guard member.valueEscaped else { return try body(text) }
    let decoded = JSONStringText.decode(text)
    return try decoded.withUnsafeBufferPointer { (buffer) throws(FieldFault) -> Result in try body(buffer) }
  }

  private func requiredString(_ field: EventField) throws(FieldFault) -> JSONLineScanner.Member {
    let member = try member(field, required: true)!
    guard member.kind == .string else { throw wrongType(field, member, expected: "a string") }
    return member
  }

  /// `id`: 1–128 bytes, no control characters; the UUID it spells, if any, and its bytes.
  private func eventID() throws(FieldFault) -> (uuid: UUIDValue?, bytes: UnsafeBufferPointer<UInt8>) {
    let member = try requiredString(.id)
    let text = UnsafeBufferPointer(rebasing: line[member.value])
    let bytes =
      member.valueEscaped
      ? try stored(JSONStringText.decode(text), slot: 0, field: .id)
      : try checked(text, .id, mayHaveControls: lineMayHaveControls)
    return (UUIDValue(buffer: bytes), bytes)
  }

  /// `event_type`, `service`, `unit`: 1–64 bytes, no control characters.
  private func label(_ field: EventField, slot: Int) throws(FieldFault) -> UnsafeBufferPointer<UInt8> {
    let member = try requiredString(field)
    let text = UnsafeBufferPointer(rebasing: line[member.value])
    guard member.valueEscaped else { return try checked(text, field, mayHaveControls: lineMayHaveControls) }
    return try stored(JSONStringText.decode(text), slot: slot, field: field)
  }

  /// `bytes` once checked as `field`'s value, copied into scratch slot `slot`.
  private func stored(_ bytes: [UInt8], slot: Int, field: EventField) throws(FieldFault) -> UnsafeBufferPointer<UInt8> {
    try bytes.withUnsafeBufferPointer { (buffer) throws(FieldFault) in
      _ = try checked(buffer, field, mayHaveControls: true)
    }
    return DecodedStringScratch.store(bytes, slot: slot, in: scratch)
  }

  /// `bytes` if they are a valid id (1–128 bytes) or label (1–64 bytes) without control
  /// characters.
  private func checked(_ bytes: UnsafeBufferPointer<UInt8>, _ field: EventField, mayHaveControls: Bool)
    throws(FieldFault) -> UnsafeBufferPointer<UInt8>
  {
    if field == .id {
      guard (1...DecodedStringScratch.idBytes).contains(bytes.count),
        !(mayHaveControls && Self.hasControlCharacter(bytes))
      else {
        throw FieldFault(reason: .invalidID, field: .id, detail: "id must be 1–128 bytes without control characters")
      }
    } else {
      guard (1...DecodedStringScratch.labelBytes).contains(bytes.count),
        !(mayHaveControls && Self.hasControlCharacter(bytes))
      else {
        throw FieldFault(
          reason: .invalidValue, field: field,
          detail: "\(field.rawValue) must be 1–64 bytes without control characters")
      }
    }
    return bytes
  }

  private func instant(_ field: EventField, required: Bool) throws(FieldFault) -> Instant? {
    guard let member = try member(field, required: required) else { return nil }
    guard member.kind == .string else { throw wrongType(field, member, expected: "a string") }
    return try withString(member) { (bytes) throws(FieldFault) -> Instant in
      guard let instant = InstantText.parse(bytes) else {
        throw FieldFault(
          reason: .invalidTimestamp, field: field,
          detail: "\(field.rawValue) is not an instant like 2026-11-24T13:05:22.123Z (offset required)")
      }
      return instant
    }
  }

  private mutating func decimal(_ field: EventField, required: Bool = true) throws(FieldFault) -> FixedDecimal? {
    guard let member = try member(field, required: required) else { return nil }
    let outcome: DecimalLiteral.Outcome
    switch member.kind {
    case .number:
      outcome = DecimalLiteral.parse(UnsafeBufferPointer(rebasing: line[member.value]))
    case .string:
      outcome = try withString(member) { DecimalLiteral.parse($0) }
    default:
      throw wrongType(field, member, expected: "a number or a string holding one")
    }
    switch outcome {
    case .value(let value, let rounded):
      if rounded { notes.insert(.roundedValue) }
      return value
    case .notANumber:
      throw FieldFault(reason: .invalidNumber, field: field, detail: "\(field.rawValue) is not a JSON number literal")
    case .tooLarge:
      throw FieldFault(reason: .invalidNumber, field: field, detail: "\(field.rawValue) is 10^15 or more in magnitude")
    case .negative:
      throw FieldFault(reason: .negativeValue, field: field, detail: "\(field.rawValue) is negative")
    }
  }

  private func uuid(_ field: EventField) throws(FieldFault) -> UUIDValue? {
    guard let member = try member(field, required: false) else { return nil }
    guard member.kind == .string else { throw wrongType(field, member, expected: "a UUID string or null") }
    guard let uuid = try withString(member, { UUIDValue(buffer: $0) }) else {
      throw FieldFault(
        reason: .invalidUUID, field: field, detail: "\(field.rawValue) is not a UUID (8-4-4-4-12 hex digits)")
    }
    return uuid
  }

  private func wrongType(_ field: EventField, _ member: JSONLineScanner.Member, expected: String) -> FieldFault {
    FieldFault(
      reason: .wrongType, field: field, detail: "\(field.rawValue) must be \(expected), got \(member.kind.name)")
  }

  /// Unicode category Cc: U+0000–U+001F, U+007F–U+009F (in UTF-8, C2 80 … C2 9F).
  static func hasControlCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    // Eight bytes at a time while all are printable ASCII (0x20–0x7E), as ids and labels are.
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while index + 8 <= bytes.count {
      let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
      let belowSpace = (word &- ones &* 0x20) & ~word & highs
      let deleteOrHigh = ((word &+ ones) | word) & highs
      if belowSpace | deleteOrHigh != 0 { break }
      index += 8
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x20 || byte == 0x7F { return true }
      if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
      index += 1
    }
    return false
  }
}

extension JSONLineScanner.Kind {
  /// The JSON type's name, for messages.
  var name: String {
    switch self {
    case .string: return "string"
    case .number: return "number"
    case .trueLiteral, .falseLiteral: return "boolean"
    case .null: return "null"
    case .object: return "object"
    case .array: return "array"
    }
  }
}
