/// Keeps one copy of each event id, whatever order the copies arrive in.
///
/// Among the valid copies of an id, the winner has the earliest `created_at` (absent counts as
/// latest), then the byte-wise smallest raw line, then (only to name `kept_*` deterministically
/// when copies are byte-identical) the smallest source and line. Every other copy is a
/// duplicate when its normalized content equals the winner's, a conflict otherwise. Because
/// the winner is a minimum over a total order, any arrival order gives the same result.
public struct Deduplicator {
  private struct Copies {
    var winner: CostEvent
    var others: [CostEvent] = []
  }

  private var copies: [EventID: Copies] = [:]

  /// A deduplicator sized for `expectedCount` valid copies, so the id table never regrows.
  public init(expectedCount: Int = 0) {
    copies.reserveCapacity(expectedCount)
  }

  /// Adds one valid copy.
  public mutating func insert(_ event: CostEvent) {
    guard var entry = copies[event.id] else {
      copies[event.id] = Copies(winner: event)
      return
    }
    copies[event.id] = nil  // keep the entry uniquely referenced while it changes
    if Self.precedes(event, entry.winner) {
      entry.others.append(entry.winner)
      entry.winner = event
    } else {
      entry.others.append(event)
    }
    copies[event.id] = entry
  }

  /// The kept events, the duplicate count and the conflicts (sorted by source and line).
  public func finish() -> DedupResult {
    var unique: [CostEvent] = []
    unique.reserveCapacity(copies.count)
    var result = finish { unique.append($0) }
    result.unique = unique
    return result
  }

  /// Hands each kept event to `keep` instead of collecting them (one copy fewer in memory);
  /// the result's `unique` stays empty and `uniqueCount` counts them.
  public func finish(_ keep: (CostEvent) -> Void) -> DedupResult {
    var result = DedupResult()
    result.uniqueCount = copies.count
    for entry in copies.values {
      keep(entry.winner)
      for other in entry.others {
        if other.hasSameContent(as: entry.winner) {
          result.duplicates += 1
        } else {
          result.conflicts.append(
            Conflict(id: other.id, origin: other.origin, kept: entry.winner.origin, raw: other.raw))
        }
      }
    }
    result.conflicts.sort { $0.origin < $1.origin }
    return result
  }

  /// Whether copy `a` beats copy `b`.
  static func precedes(_ a: CostEvent, _ b: CostEvent) -> Bool {
    switch (a.createdAt, b.createdAt) {
    case (let x?, let y?) where x != y: return x < y
    case (.some, nil): return true
    case (nil, .some): return false
    default: break
    }
    if a.raw != b.raw { return a.raw.lexicographicallyPrecedes(b.raw) }
    return a.origin < b.origin
  }
}

/// What deduplication kept and dropped.
public struct DedupResult: Sendable {
  /// One event per id, in no particular order (empty when `finish(_:)` handed them out).
  public var unique: [CostEvent] = []
  /// The number of ids, that is of kept events.
  public var uniqueCount = 0
  /// Copies equal in content to their kept copy.
  public var duplicates = 0
  /// Copies that differ from their kept copy, sorted by (source, line).
  public var conflicts: [Conflict] = []
}
