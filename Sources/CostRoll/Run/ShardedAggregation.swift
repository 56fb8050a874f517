import Foundation

/// Dedup and aggregation on all cores, as a plan of three stages: partition the valid events by
/// a hash of their id into shards; dedup and aggregate each shard on its own (copies of one id
/// always share a shard); merge the partial aggregates. Every merge is a sum, minimum or
/// maximum, so the result is the same for any shard count and any arrival order.
public enum ShardedAggregation {
  /// What the three stages produced.
  public struct Outcome<Aggregate: CostAggregate> {
    public var aggregate: Aggregate
    public var eventsUnique: Int
    public var duplicates: Int
    /// Sorted by (source, line).
    public var conflicts: [Conflict]
  }

  /// Runs the plan over every event of `results`; `make` builds an empty partial aggregate,
  /// `include` selects kept events for it (the window).
  public static func run<Aggregate: CostAggregate>(
    _ results: [SourceResult], shardCount: Int = ProcessInfo.processInfo.activeProcessorCount,
    make: @Sendable () -> Aggregate, include: @Sendable @escaping (CostEvent) -> Bool
  ) -> Outcome<Aggregate> {
    let shards = max(1, shardCount)
    let partials = ParallelWork.map(count: shards) { shard -> Outcome<Aggregate> in
      var expected = 0
      for result in results { expected += result.events.count }
      var deduplicator = Deduplicator(expectedCount: expected / shards + 16)
      for result in results {
        for event in result.events where Self.shard(of: event.id, among: shards) == shard {
          deduplicator.insert(event)
        }
      }
      var aggregate = make()
      let dedup = deduplicator.finish { event in
        if include(event) { aggregate.add(event) }
      }
      return Outcome(
        aggregate: aggregate, eventsUnique: dedup.uniqueCount, duplicates: dedup.duplicates,
        conflicts: dedup.conflicts)
    }
    var merged = partials[0]
    for partial in partials.dropFirst() {
      merged.aggregate.merge(partial.aggregate)
      merged.eventsUnique += partial.eventsUnique
      merged.duplicates += partial.duplicates
      merged.conflicts += partial.conflicts
    }
    merged.conflicts.sort { $0.origin < $1.origin }
    return merged
  }

  /// The shard an id belongs to (stable within one process, which is all dedup needs).
  static func shard(of id: EventID, among count: Int) -> Int {
    count == 1 ? 0 : Int(UInt(bitPattern: id.hashValue) % UInt(count))
  }
}
