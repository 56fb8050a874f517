/// The summary's line accounting, mergeable across files in any order.
///
/// Invariant: `linesRead == blankLines + eventsValid + rejected`.
public struct LineCounts: Sendable, Equatable {
  public var linesRead = 0
  public var blankLines = 0
  public var eventsValid = 0
  public var rejected = 0
  public var rejectedByReason: [RejectReason: Int] = [:]
  public var derivedCosts = 0
  public var costMismatches = 0
  public var roundedValues = 0

  public init() {}

  /// Counts one line.
  mutating func count(_ line: DecodedLine) {
    linesRead += 1
    switch line {
    case .blank:
      blankLines += 1
    case .event(_, let notes):
      eventsValid += 1
      if notes.contains(.derivedCost) { derivedCosts += 1 }
      if notes.contains(.costMismatch) { costMismatches += 1 }
      if notes.contains(.roundedValue) { roundedValues += 1 }
    case .rejection(let rejection):
      rejected += 1
      rejectedByReason[rejection.reason, default: 0] += 1
    }
  }

  /// Adds another file's counts.
  public mutating func add(_ other: LineCounts) {
    linesRead += other.linesRead
    blankLines += other.blankLines
    eventsValid += other.eventsValid
    rejected += other.rejected
    rejectedByReason.merge(other.rejectedByReason, uniquingKeysWith: +)
    derivedCosts += other.derivedCosts
    costMismatches += other.costMismatches
    roundedValues += other.roundedValues
  }
}

extension LineCounts {
  /// The counts under their `summary.json` names, for JSON written with `JSONSerialization`
  /// (`run.json`, the state store's per-file and per-run counts).
  public var jsonObject: [String: Any] {
    [
      "lines_read": linesRead, "blank_lines": blankLines, "events_valid": eventsValid, "rejected": rejected,
      "rejected_by_reason": Dictionary(uniqueKeysWithValues: rejectedByReason.map { ($0.rawValue, $1) }),
      "derived_costs": derivedCosts, "cost_mismatches": costMismatches, "rounded_values": roundedValues,
    ]
  }

  /// The counts read back from `jsonObject`'s form; missing or unknown entries count 0.
  public init(jsonObject object: [String: Any]) {
    self.init()
    linesRead = object["lines_read"] as? Int ?? 0
    blankLines = object["blank_lines"] as? Int ?? 0
    eventsValid = object["events_valid"] as? Int ?? 0
    rejected = object["rejected"] as? Int ?? 0
    derivedCosts = object["derived_costs"] as? Int ?? 0
    costMismatches = object["cost_mismatches"] as? Int ?? 0
    roundedValues = object["rounded_values"] as? Int ?? 0
    for (reason, count) in object["rejected_by_reason"] as? [String: Int] ?? [:] {
      if let reason = RejectReason(rawValue: reason) { rejectedByReason[reason] = count }
    }
  }
}
