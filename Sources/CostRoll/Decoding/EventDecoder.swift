/// Turns one line (without its LF, CR already dropped) into a `LineOutcome`: blank, a valid
/// `CostEvent`, or a `Rejection` with the format's reason code.
///
/// Checks run in a fixed order so that a line with several faults always gets the same reason:
/// UTF-8, JSON grammar, object, depth, duplicate keys, then the fields in `EventField` order.
public struct EventDecoder {
  private var scanner = JSONLineScanner()
  private var values = [JSONLineScanner.Member?](repeating: nil, count: EventField.allCases.count)
  private var labels = LabelInterner()
  /// The field found at each member position of the line before (see `EventField.named`).
  private var fieldGuesses = [EventField?](repeating: nil, count: 16)

  public init() {}

  /// Decodes one line.
  public mutating func decode(_ line: UnsafeBufferPointer<UInt8>, origin: LineOrigin) -> LineOutcome {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
    func reject(_ reason: RejectReason, _ field: EventField?, _ detail: String) -> LineOutcome {
      .rejection(Rejection(origin: origin, reason: reason, field: field?.rawValue, detail: detail, raw: Array(line)))
    }
    if let offset = UTF8Validation.firstInvalidOffset(line) {
      return reject(.invalidUTF8, nil, "invalid UTF-8 at byte \(offset + 1)")
    }
    switch scanner.scan(line) {
    case .malformed(let detail)?: return reject(.malformedJSON, nil, detail)
    case .notObject?: return reject(.notObject, nil, "the line is JSON but not an object")
    case .tooDeep?: return reject(.tooDeep, nil, "nesting deeper than \(JSONLineScanner.maxDepth) levels")
    case .duplicateKey(let key)?: return reject(.duplicateKey, nil, "key \"\(key)\" appears twice in one object")
    case nil: break
    }
    for index in values.indices { values[index] = nil }
    for (position, member) in scanner.members.enumerated() {
      let field: EventField?
      if member.keyEscaped {
        let key = JSONStringText.decode(UnsafeBufferPointer(rebasing: line[member.key]))
        field = key.withUnsafeBufferPointer { EventField.named($0) }
      } else {
        let guess = position < fieldGuesses.count ? fieldGuesses[position] : nil
        field = EventField.named(UnsafeBufferPointer(rebasing: line[member.key]), guess: guess)
        if position < fieldGuesses.count { fieldGuesses[position] = field }
      }
      // A null value counts as absent (optional) or missing (required).
      if let field, member.kind != .null { values[field.index] = member }
    }
    // Move the label table into the reader (so its copy is unique and grows in place) and back.
    var fields = FieldReader(line: line, values: values, labels: labels)
    labels = LabelInterner()
    defer { labels = fields.labels }
    do {
      let event = try fields.event(origin: origin)
      return .event(event.event, event.notes)
    } catch let fault {
      return reject(fault.reason, fault.field, fault.detail)
    }
  }
}
