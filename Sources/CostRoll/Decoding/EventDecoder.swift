/// Turns one line (without its LF, CR already dropped) into a `LineOutcome`: blank, a valid
/// `CostEvent`, or a `Rejection` with the format's reason code.
///
/// Checks run in a fixed order so that a line with several faults always gets the same reason:
/// UTF-8, JSON grammar, object, depth, duplicate keys, then the fields in `EventField` order.
public struct EventDecoder {
  private var scanner = JSONLineScanner()
  private var values = [JSONLineScanner.Member?](repeating: nil, count: EventField.allCases.count)
  /// Shares labels among the events `decode(_:origin:)` makes.
  private var labels = LabelInterner()
  /// Owns `scratchBytes` (kept apart, so that lending them to a line takes no retain).
  private let scratch = DecodedStringScratch()
  private let scratchBytes: UnsafeMutableBufferPointer<UInt8>
  private let fieldNames = EventField.fingerprints
  /// The field found at each member position of the line before (see `EventField.named`).
  private var fieldGuesses = [EventField?](repeating: nil, count: 16)

  public init() { scratchBytes = scratch.bytes }

  /// Decodes one line.
  public mutating func decode(_ line: UnsafeBufferPointer<UInt8>, origin: LineOrigin) -> LineOutcome {
    switch decodeLine(line, source: origin.source, lineNumber: origin.line) {
    case .blank: return .blank
    case .event(let event, let notes): return .event(event.event(origin: origin, labels: &labels), notes)
    case .rejection(let rejection): return .rejection(rejection)
    }
  }

  /// Whether `line` passes only the first of `decode`'s checks after UTF-8: one JSON object,
  /// strict RFC 8259 grammar, within depth, without duplicate keys. For the benchmark, which
  /// times that check alone (the part of decoding every strict reader pays).
  public mutating func isAcceptableJSONObject(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    scanner.scan(line) == nil
  }

  /// Decodes line `lineNumber` of `source` without making a `CostEvent`: a valid event is
  /// borrowed from `line` (and this decoder) until the next call.
  mutating func decodeLine(_ line: UnsafeBufferPointer<UInt8>, source: String, lineNumber: Int) -> DecodedLine {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
    func reject(_ reason: RejectReason, _ field: EventField?, _ detail: String) -> DecodedLine {
      .rejection(
        Rejection(
          origin: LineOrigin(source: source, line: lineNumber), reason: reason, field: field?.rawValue, detail: detail,
          raw: Array(line)))
    }
    // UTF-8 comes first among the reasons, but is checked only where it can fail: a line that
    // scans without failure and without bytes from 0x7F up is ASCII.
    let failure = scanner.scan(line)
    if failure != nil || scanner.hasWideBytes, let offset = UTF8Validation.firstInvalidOffset(line) {
      return reject(.invalidUTF8, nil, "invalid UTF-8 at byte \(offset + 1)")
    }
    switch failure {
    case .malformed(let detail)?: return reject(.malformedJSON, nil, detail)
    case .notObject?: return reject(.notObject, nil, "the line is JSON but not an object")
    case .tooDeep?: return reject(.tooDeep, nil, "nesting deeper than \(JSONLineScanner.maxDepth) levels")
    case .duplicateKey(let key)?: return reject(.duplicateKey, nil, "key \"\(key)\" appears twice in one object")
    case nil: break
    }
    // Through buffers, not the arrays: the arrays' bounds and uniqueness checks for every member
    // are otherwise a large share of this function's time.
    values.withUnsafeMutableBufferPointer { values in
      fieldGuesses.withUnsafeMutableBufferPointer { guesses in
        scanner.members.withUnsafeBufferPointer { members in
          values.update(repeating: nil)
          for position in members.indices {
            let member = members[position]
            let field: EventField?
            if member.keyEscaped {
              let key = JSONStringText.decode(UnsafeBufferPointer(rebasing: line[member.key]))
              field = key.withUnsafeBufferPointer { EventField.named($0) }
            } else {
              let guess = position < guesses.count ? guesses[position] : nil
              field = EventField.named(
                UnsafeBufferPointer(rebasing: line[member.key]), guess: guess, among: fieldNames)
              if position < guesses.count { guesses[position] = field }
            }
            // A null value counts as absent (optional) or missing (required).
            if let field, member.kind != .null { values[field.index] = member }
          }
        }
      }
    }
    // The field table and the scratch are lent, not copied (a copy retained them for every line).
    let outcome = values.withUnsafeBufferPointer { values in
      Result { () throws(FieldFault) in
        var fields = FieldReader(
          line: line, values: values, scratch: scratchBytes, lineMayHaveControls: scanner.hasWideBytes)
        return try fields.event()
      }
    }
    switch outcome {
    case .success(let event): return .event(event.event, event.notes)
    case .failure(let fault): return reject(fault.reason, fault.field, fault.detail)
    }
  }
}
