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

  /// Counts one line's outcome.
  mutating func count(_ outcome: LineOutcome) {
    linesRead += 1
    switch outcome {
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
