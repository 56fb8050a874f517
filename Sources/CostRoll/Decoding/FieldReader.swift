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
  let values: [JSONLineScanner.Member?]
  private var notes = EventNotes()

  init(line: UnsafeBufferPointer<UInt8>, values: [JSONLineScanner.Member?]) {
    self.line = line
    self.values = values
  }

  /// The event, or the first fault found.
  mutating func event(origin: LineOrigin) throws(FieldFault) -> (event: CostEvent, notes: EventNotes) {
    let idBytes = try requiredString(.id)
    guard (1...128).contains(idBytes.count), !Self.hasControlCharacter(idBytes) else {
      throw FieldFault(reason: .invalidID, field: .id, detail: "id must be 1–128 bytes without control characters")
    }
    let timestamp = try instant(.timestamp, required: true)!
    let eventType = try label(.eventType)
    let service = try label(.service)
    let unit = try label(.unit)
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
    let event = CostEvent(
      id: EventID(bytes: idBytes), timestamp: timestamp, createdAt: createdAt, userID: userID,
      podcastID: podcastID, episodeID: episodeID, eventType: ByteString(eventType), service: ByteString(service),
      unit: ByteString(unit), quantity: quantity, unitCost: unitCost, totalCost: total, origin: origin,
      raw: Array(line))
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

  private func stringBytes(_ member: JSONLineScanner.Member) -> [UInt8] {
    let body = UnsafeBufferPointer(rebasing: line[member.value])
    return member.valueEscaped ? JSONStringText.decode(body) : Array(body)
  }

  private func requiredString(_ field: EventField) throws(FieldFault) -> [UInt8] {
    let member = try member(field, required: true)!
    guard member.kind == .string else { throw wrongType(field, member, expected: "a string") }
    return stringBytes(member)
  }

  /// `event_type`, `service`, `unit`: 1–64 bytes, no control characters.
  private func label(_ field: EventField) throws(FieldFault) -> [UInt8] {
    let bytes = try requiredString(field)
    guard (1...64).contains(bytes.count), !Self.hasControlCharacter(bytes) else {
      throw FieldFault(
        reason: .invalidValue, field: field, detail: "\(field.rawValue) must be 1–64 bytes without control characters")
    }
    return bytes
  }

  private func instant(_ field: EventField, required: Bool) throws(FieldFault) -> Instant? {
    guard let member = try member(field, required: required) else { return nil }
    guard member.kind == .string else { throw wrongType(field, member, expected: "a string") }
    let bytes = stringBytes(member)
    guard let instant = bytes.withUnsafeBufferPointer({ InstantText.parse($0) }) else {
      throw FieldFault(
        reason: .invalidTimestamp, field: field,
        detail: "\(field.rawValue) is not an instant like 2026-11-24T13:05:22.123Z (offset required)")
    }
    return instant
  }

  private mutating func decimal(_ field: EventField, required: Bool = true) throws(FieldFault) -> FixedDecimal? {
    guard let member = try member(field, required: required) else { return nil }
    let outcome: DecimalLiteral.Outcome
    switch member.kind {
    case .number:
      outcome = DecimalLiteral.parse(UnsafeBufferPointer(rebasing: line[member.value]))
    case .string:
      let bytes = stringBytes(member)
      outcome = bytes.withUnsafeBufferPointer { DecimalLiteral.parse($0) }
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
    guard let uuid = UUIDValue(text: stringBytes(member)) else {
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
  static func hasControlCharacter(_ bytes: [UInt8]) -> Bool {
    var index = 0
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
