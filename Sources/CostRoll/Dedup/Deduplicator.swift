/// Keeps one copy of each event id, whatever order the copies arrive in.
///
/// Among the valid copies of an id, the winner has the earliest `created_at` (absent counts as
/// latest), then the byte-wise smallest raw line, then (only to name `kept_*` deterministically
/// when lines are byte-identical) the smallest source and line. Every other copy is a duplicate
/// when its normalized content equals the winner's, a conflict otherwise. The winner is a
/// minimum over a total order, so any arrival order gives the same result.
///
/// Lines are not held in memory. When all copies of an id share one content, which copy wins
/// changes no output, so no line is needed; only for ids whose copies differ (conflicts, rare)
/// does `finish` need the lines, which the caller reads again: `linesNeeded()` says which.
public struct Deduplicator: Sendable {
  /// The copies of one id. A copy whose content equals the first's differs from it only in
  /// `created_at` and origin, so only those are kept. With whole copies, the benchmark's 1 M
  /// events given ten times peaked at 373 MB; this way 264 MB (205 MB given once; `/usr/bin/time`).
  private struct Copies: Sendable {
    var first: CostEvent
    var agreeing: [(createdAt: Instant?, origin: LineOrigin)] = []
    /// Copies whose content differs from the first's, whole.
    var differing: [CostEvent] = []

    init(first: CostEvent) { self.first = first }

    mutating func add(_ copy: CostEvent) {
      if copy.hasSameContent(as: first) {
        agreeing.append((copy.createdAt, copy.origin))
      } else {
        differing.append(copy)
      }
    }

    /// Copies besides the first.
    var otherCount: Int { agreeing.count + differing.count }
    /// Whether some copy's content differs from another's.
    var differ: Bool { !differing.isEmpty }
    /// Every copy, whole.
    var all: [CostEvent] {
      [first]
        + agreeing.map { copy in
          var event = first
          event.createdAt = copy.createdAt
          event.origin = copy.origin
          return event
        } + differing
    }
  }

  private var copies: [EventID: Copies] = [:]

  /// An empty deduplicator.
  public init() {}

  /// Adds one valid copy.
  public mutating func insert(_ event: CostEvent) {
    if let index = copies.index(forKey: event.id) {
      copies.values[index].add(event)
    } else {
      copies[event.id] = Copies(first: event)
    }
  }

  /// Where the lines are that `finish` needs: every copy of each id whose copies differ.
  public func linesNeeded() -> [LineOrigin] {
    copies.values.filter(\.differ).flatMap { $0.all.map(\.origin) }
  }

  /// Hands each kept event to `keep`; returns the counts and the conflicts, sorted by source
  /// and line. `lines` must hold every line `linesNeeded()` named (without LF/CR).
  public func finish(lines: [LineOrigin: [UInt8]], _ keep: (CostEvent) -> Void) -> DedupResult {
    var result = DedupResult()
    result.uniqueCount = copies.count
    for entry in copies.values {
      guard entry.differ else {
        keep(entry.first)
        result.duplicates += entry.otherCount
        continue
      }
      let all = entry.all
      let raws = all.map { lines[$0.origin] ?? [] }
      var winner = 0
      for index in 1..<all.count where Self.precedes(all[index], raws[index], all[winner], raws[winner]) {
        winner = index
      }
      keep(all[winner])
      for index in all.indices where index != winner {
        if all[index].hasSameContent(as: all[winner]) {
          result.duplicates += 1
        } else {
          result.conflicts.append(
            Conflict(id: all[index].id, origin: all[index].origin, kept: all[winner].origin, raw: raws[index]))
        }
      }
    }
    result.conflicts.sort { $0.origin < $1.origin }
    return result
  }

  /// The kept events, counts and conflicts, for callers that hold the lines already.
  public func finish(lines: [LineOrigin: [UInt8]]) -> DedupResult {
    var unique: [CostEvent] = []
    unique.reserveCapacity(copies.count)
    var result = finish(lines: lines) { unique.append($0) }
    result.unique = unique
    return result
  }

  /// Whether copy `a` (line `rawA`) beats copy `b` (line `rawB`).
  static func precedes(_ a: CostEvent, _ rawA: [UInt8], _ b: CostEvent, _ rawB: [UInt8]) -> Bool {
    switch (a.createdAt, b.createdAt) {
    case (let x?, let y?) where x != y: return x < y
    case (.some, nil): return true
    case (nil, .some): return false
    default: break
    }
    if rawA != rawB { return rawA.lexicographicallyPrecedes(rawB) }
    return a.origin < b.origin
  }
}

/// What deduplication kept and dropped.
public struct DedupResult: Sendable {
  /// One event per id, in no particular order (empty when `finish(lines:_:)` handed them out).
  public var unique: [CostEvent] = []
  /// The number of ids, that is of kept events.
  public var uniqueCount = 0
  /// Copies equal in content to their kept copy.
  public var duplicates = 0
  /// Copies that differ from their kept copy, sorted by (source, line).
  public var conflicts: [Conflict] = []
}
