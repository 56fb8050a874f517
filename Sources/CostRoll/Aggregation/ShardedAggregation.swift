import Foundation
import Synchronization

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
    /// How many copies were conflicts (they went to the run's `ConflictSink`).
    public var conflictCount: Int
    /// Conflicts and ids left for want of lines the spool did not keep (completed and settled
    /// once those lines are read again).
    var awaitingLines: [Conflict.AwaitingLine] = []
    var unsettled = Deduplicator()
  }

  /// Runs the plan over the events in `shards`, read from `sources` (`lines` holds their lines,
  /// of which only those of conflicting copies are read); `make` builds an empty partial
  /// aggregate, `include` selects kept events for it by their timestamp (the window). Conflicts go to
  /// `conflicts`, whose writers are closed on return. Sources named in `pastSources` were read
  /// by earlier runs (see `LineRereader`).
  ///
  /// Each core takes every `cores`-th shard in turn and keeps one partial aggregate across them,
  /// so only one shard per core is read at a time (in pieces, `EventShards.forEachRecordPiece`)
  /// and only one partial per core is merged (every shard sees nearly every row). In each shard,
  /// single-copy ids are aggregated as they are read; then the lines of the ids whose copies
  /// differ are read from the spool, the repeated ids resolved, and the shard's records
  /// released, so conflicting copies are never all held at once. Ids whose needed lines the
  /// spool did not keep (it keeps only lines whose id may have come before) wait; once every
  /// shard is done, those lines are read again from their sources, all at once
  /// (`LineRereader`), and the waiting ids settled into the merged aggregate.
  public static func run<Aggregate: CostAggregate>(
    shards spill: EventShards, lines spool: LineSpool, sources: [InputSource], make: @Sendable () -> Aggregate,
    include: @Sendable @escaping (Instant) -> Bool, conflicts: some ConflictSink, pastSources: Set<String> = [],
    progress: (@Sendable (_ shardsDone: Int, _ shardCount: Int) -> Void)? = nil
  ) throws(CostRollError) -> Outcome<Aggregate> {
    let names = sources.map(\.name)
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, spill.shardCount))
    let shardsDone = Mutex(0)
    var partials = try ParallelWork.map(count: workers) { worker throws(CostRollError) -> Outcome<Aggregate> in
      var outcome = Outcome(aggregate: make(), eventsUnique: 0, duplicates: 0, conflictCount: 0)
      let conflictWriter = conflicts.writer(worker: worker)
      // Kept from shard to shard: the buffer spilled records are read through and the dedup
      // tables.
      var buffer: [UInt8] = []
      var dedup = ShardDedup()
      for shard in stride(from: worker, to: spill.shardCount, by: workers) {
        let (repeated, singles) = try dedup.run(
          { body throws(CostRollError) in
            try spill.forEachRecordPiece(inShard: shard, sourceCount: names.count, buffer: &buffer, body)
          },
          recordCount: spill.recordCount(inShard: shard), sources: names
        ) { events, origins in
          if events.allSatisfy({ include($0.timestamp) }) {
            outcome.aggregate.add(events, origins: origins)
          } else {
            // The window's events of this batch (the borrowed events stay valid during the call).
            let inside = events.indices.filter { include(events[$0].timestamp) }
            inside.map { events[$0] }.withUnsafeBufferPointer { kept in
              inside.map { origins[$0] }.withUnsafeBufferPointer { outcome.aggregate.add(kept, origins: $0) }
            }
          }
        }
        spill.release(shard: shard, sourceCount: names.count)
        // Only the lines of ids whose copies differ are read.
        let lines = try spool.fetch(repeated.linesNeeded(), sourceNames: names)
        let resolved = repeated.finish(lines: lines) { event, lineHash in
          if include(event.timestamp) { outcome.aggregate.add(winner: event, lineHash: lineHash) }
        }
        outcome.eventsUnique += singles + resolved.uniqueCount
        outcome.duplicates += resolved.duplicates
        outcome.conflictCount += resolved.conflicts.count
        outcome.awaitingLines += resolved.awaitingLines
        outcome.unsettled.absorb(resolved.unsettled)
        for conflict in resolved.conflicts { try conflictWriter.append(conflict) }
        if let progress {
          let done = shardsDone.withLock { count in
            count += 1
            return count
          }
          progress(done, spill.shardCount)
        }
      }
      try conflictWriter.close()
      return outcome
    }
    var merged = merge(&partials)
    try settle(
      &merged, lines: spool, sources: sources, pastSources: pastSources, include: include,
      conflicts: conflicts.writer(worker: workers))
    return merged
  }

  /// Completes `outcome`'s conflicts awaiting lines and settles its waiting ids: the waiting
  /// ids' lines from the spool where it has them, the rest (and every awaited line, which the
  /// spool was already asked for) read again from their sources; kept events go into the
  /// aggregate and conflicts to `conflicts`, which is closed.
  static func settle<Aggregate: CostAggregate>(
    _ outcome: inout Outcome<Aggregate>, lines spool: LineSpool, sources: [InputSource], pastSources: Set<String>,
    include: (Instant) -> Bool, conflicts: some ConflictWriter
  ) throws(CostRollError) {
    let (awaiting, waiting) = (outcome.awaitingLines, outcome.unsettled)
    (outcome.awaitingLines, outcome.unsettled) = ([], Deduplicator())
    let waitingLines = waiting.neededLines()
    guard !awaiting.isEmpty || !waitingLines.isEmpty else { return try conflicts.close() }
    var lines = try spool.fetch(waitingLines.map(\.origin), sourceNames: sources.map(\.name))
    let missing = awaiting.map { ($0.origin, $0.lineHash) } + waitingLines.filter { lines[$0.origin] == nil }
    let reread = try LineRereader.lines(missing, sources: sources, pastSources: pastSources)
    lines.merge(reread) { kept, _ in kept }
    let resolved = waiting.finish(lines: lines) { event, lineHash in
      if include(event.timestamp) { outcome.aggregate.add(winner: event, lineHash: lineHash) }
    }
    // The rereader found every line or threw, so nothing is left waiting.
    precondition(
      resolved.unsettled.isEmpty && resolved.awaitingLines.isEmpty, "dedup: lines read again did not settle every id")
    outcome.eventsUnique += resolved.uniqueCount
    outcome.duplicates += resolved.duplicates
    outcome.conflictCount += resolved.conflicts.count + awaiting.count
    for conflict in resolved.conflicts { try conflicts.append(conflict) }
    for conflict in awaiting { try conflicts.append(conflict.conflict(raw: lines[conflict.origin]!)) }
    try conflicts.close()
  }

  /// Stage 3: sums the partial outcomes.
  ///
  /// `partials` is emptied: the first partial is taken out rather than copied, so its tables
  /// are added to in place.
  static func merge<Aggregate: CostAggregate>(_ partials: inout [Outcome<Aggregate>]) -> Outcome<Aggregate> {
    var merged = partials.removeFirst()
    var others = partials
    partials = []
    // Each partial is moved out of the list, so that its tables are freed as they are added.
    while var partial = others.popLast() {
      merged.aggregate.merge(draining: &partial.aggregate)
      merged.eventsUnique += partial.eventsUnique
      merged.duplicates += partial.duplicates
      merged.conflictCount += partial.conflictCount
      merged.awaitingLines += partial.awaitingLines
      merged.unsettled.absorb(partial.unsettled)
    }
    return merged
  }
}
