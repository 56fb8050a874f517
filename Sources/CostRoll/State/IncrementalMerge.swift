/// Merges one run's new valid copies into the kept copies of earlier runs, by the same winner
/// rule as `Deduplicator`: the winner is a minimum over a total order, so merging night by
/// night keeps the same copy that one pass over every file at once would keep.
///
/// A kept copy that a later, winning copy replaces is reported like any losing copy: as a
/// duplicate when its content equals the new winner's, else as a conflict (so the run that
/// moved the totals lists why).
public enum IncrementalMerge {
  /// What merging changed.
  public struct Outcome: Sendable {
    /// Copies that became the kept copy of their id (new ids and replaced winners).
    public var changed: [StoredEvent] = []
    /// Kept copies of earlier runs that a copy in `changed` replaced.
    public var replaced: [StoredEvent] = []
    /// Ids seen for the first time.
    public var newIDs = 0
    /// Losing copies equal in content to their winner.
    public var duplicates = 0
    /// Losing copies that differ from their winner, sorted by (source, line).
    public var conflicts: [Conflict] = []
  }

  /// Merges `copies` (in any order) with `kept`, the kept copies of their ids from earlier runs.
  public static func merge(_ copies: [StoredEvent], kept: [EventID: StoredEvent]) -> Outcome {
    var groups: [EventID: [StoredEvent]] = [:]
    for copy in copies { groups[copy.event.id, default: []].append(copy) }
    var outcome = Outcome()
    for (id, group) in groups {
      let previous = kept[id]
      let candidates = (previous.map { [$0] } ?? []) + group
      var winner = 0
      for index in candidates.indices.dropFirst() where candidates[index].precedes(candidates[winner]) {
        winner = index
      }
      if previous == nil {
        outcome.newIDs += 1
        outcome.changed.append(candidates[winner])
      } else if winner != 0 {
        outcome.changed.append(candidates[winner])
        outcome.replaced.append(candidates[0])
      }
      let kept = candidates[winner]
      for index in candidates.indices where index != winner {
        let copy = candidates[index]
        if copy.event.hasSameContent(as: kept.event) {
          outcome.duplicates += 1
        } else {
          outcome.conflicts.append(Conflict(id: id, origin: copy.event.origin, kept: kept.event.origin, raw: copy.raw))
        }
      }
    }
    outcome.conflicts.sort { $0.origin < $1.origin }
    return outcome
  }
}
