/// Keeps one copy of each event id, whatever order the copies arrive in.
///
/// Among the valid copies of an id, the winner has the earliest `created_at` (absent counts as
/// latest), then the byte-wise smallest raw line, then (only to name `kept_*` deterministically
/// when lines are byte-identical) the smallest source and line. Every other copy is a duplicate
/// when its normalized content equals the winner's, a conflict otherwise. The winner is a
/// minimum over a total order, so any arrival order gives the same result.
///
/// Lines are not held in memory. When all copies of an id share one content, which copy wins
/// changes no output, so no line is needed. For ids whose copies differ (conflicts, rare),
/// `finish` needs the line of each conflicting copy, and the lines of the copies tied on the
/// earliest `created_at` unless their line hashes (`LineHash`) say they are one line;
/// `neededLines()` says which. A conflicting copy whose line was not given waits as
/// `Conflict.AwaitingLine` (its id is settled without it); an id whose winner needs lines that
/// were not all given is handed back unsettled.
public struct Deduplicator: Sendable {
  /// One copy: the event and its line's hash (`nil` when not known: then its line is needed
  /// whenever it ties).
  typealias Copy = (event: CostEvent, lineHash: UInt64?)

  /// The copies of one id. A copy whose content equals the first's differs from it only in
  /// `created_at`, origin and line, so only those are kept.
  private struct Copies: Sendable {
    var first: Copy
    var agreeing: [(createdAt: Instant?, origin: LineOrigin, lineHash: UInt64?)] = []
    /// Copies whose content differs from the first's, whole.
    var differing: [Copy] = []

    init(first: Copy) { self.first = first }

    mutating func add(_ copy: Copy) {
      if copy.event.hasSameContent(as: first.event) {
        agreeing.append((copy.event.createdAt, copy.event.origin, copy.lineHash))
      } else {
        differing.append(copy)
      }
    }

    /// Copies besides the first.
    var otherCount: Int { agreeing.count + differing.count }
    /// Whether some copy's content differs from another's.
    var differ: Bool { !differing.isEmpty }
    /// Every copy, whole.
    var all: [Copy] {
      [first]
        + agreeing.map { copy in
          var event = first.event
          event.createdAt = copy.createdAt
          event.origin = copy.origin
          return (event, copy.lineHash)
        } + differing
    }
  }

  private var copies: [EventID: Copies] = [:]

  /// An empty deduplicator.
  public init() {}

  /// Whether no id has been added.
  public var isEmpty: Bool { copies.isEmpty }

  /// Adds one valid copy, with its line's hash when known.
  public mutating func insert(_ event: CostEvent, lineHash: UInt64? = nil) {
    if let index = copies.index(forKey: event.id) {
      copies.values[index].add((event, lineHash))
    } else {
      copies[event.id] = Copies(first: (event, lineHash))
    }
  }

  /// Adds the ids of `other`, which must not share an id with this one (shards never do).
  mutating func absorb(_ other: Deduplicator) {
    copies.merge(other.copies) { mine, _ in mine }
  }

  /// The origins of the lines `finish` needs.
  public func linesNeeded() -> [LineOrigin] { neededLines().map(\.origin) }

  /// The lines `finish` needs, with their hashes where known: for each id whose copies differ,
  /// the conflicting copies' lines, and every copy's when the winner needs lines compared.
  func neededLines() -> [(origin: LineOrigin, lineHash: UInt64?)] {
    copies.values.filter(\.differ).flatMap { entry in
      let all = entry.all
      return Self.neededIndices(all).map { (all[$0].event.origin, all[$0].lineHash) }
    }
  }

  /// Hands each kept event to `keep`, with its line's hash when known; returns the counts and
  /// the conflicts, sorted by source and line (`lines` holds lines without LF/CR). A conflicting copy whose line is not in
  /// `lines` is counted in `awaitingLines` instead of `conflicts`; an id whose winner needs
  /// lines that are not all there is neither kept nor counted: it comes back in `unsettled`.
  public func finish(lines: [LineOrigin: [UInt8]], _ keep: (CostEvent, UInt64?) -> Void) -> DedupResult {
    var result = DedupResult()
    for (id, entry) in copies {
      guard entry.differ else {
        keep(entry.first.event, entry.first.lineHash)
        result.uniqueCount += 1
        result.duplicates += entry.otherCount
        continue
      }
      let all = entry.all
      let settled = Self.settledWinner(all)
      guard settled != nil || all.allSatisfy({ lines[$0.event.origin] != nil }) else {
        // Lines decide the winner, and some are missing: the whole id waits.
        result.unsettled.copies[id] = entry
        continue
      }
      let winner =
        settled
        ?? all.indices.dropFirst().reduce(0) { best, index in
          Self.precedes(
            all[index].event, lines[all[index].event.origin]!, all[best].event, lines[all[best].event.origin]!)
            ? index : best
        }
      keep(all[winner].event, all[winner].lineHash)
      result.uniqueCount += 1
      for index in all.indices where index != winner {
        if all[index].event.hasSameContent(as: all[winner].event) {
          result.duplicates += 1
          continue
        }
        let origin = all[index].event.origin
        let waiting = Conflict.AwaitingLine(
          id: id, origin: origin, kept: all[winner].event.origin, lineHash: all[index].lineHash)
        if let raw = lines[origin] {
          result.conflicts.append(waiting.conflict(raw: raw))
        } else {
          result.awaitingLines.append(waiting)
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
    var result = finish(lines: lines) { event, _ in unique.append(event) }
    result.unique = unique
    return result
  }

  /// The indices of the copies of one id whose lines `finish` needs: the conflicting copies
  /// when the winner is settled without lines, else every copy.
  private static func neededIndices(_ all: [Copy]) -> [Int] {
    guard let winner = settledWinner(all) else { return Array(all.indices) }
    return all.indices.filter { $0 != winner && !all[$0].event.hasSameContent(as: all[winner].event) }
  }

  /// The winner, when no line is needed to find it: the only copy with the earliest
  /// `created_at`, or the first by origin of several whose lines have one hash and whose
  /// contents agree (taken to be one line, so the origin decides); `nil` otherwise.
  private static func settledWinner(_ all: [Copy]) -> Int? {
    func isEarlier(_ a: Instant?, _ b: Instant?) -> Bool {
      guard let a else { return false }
      guard let b else { return true }
      return a < b
    }
    var earliest = [0]
    for index in all.indices.dropFirst() {
      let (created, best) = (all[index].event.createdAt, all[earliest[0]].event.createdAt)
      if isEarlier(created, best) {
        earliest = [index]
      } else if created == best {
        earliest.append(index)
      }
    }
    guard earliest.count > 1 else { return earliest[0] }
    let first = all[earliest[0]]
    guard let hash = first.lineHash,
      earliest.allSatisfy({ all[$0].lineHash == hash && all[$0].event.hasSameContent(as: first.event) })
    else { return nil }
    return earliest.min { all[$0].event.origin < all[$1].event.origin }
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
  /// Conflicts whose lines were not given, to complete once they are read (counted here, not
  /// in `conflicts`).
  public var awaitingLines: [Conflict.AwaitingLine] = []
  /// Ids whose winner needs lines that were not given (`Deduplicator.finish(lines:_:)`), to
  /// settle once they are read.
  public var unsettled = Deduplicator()
}
