/// Deduplicates one shard of event records in two passes, so that the common case (an id with
/// a single copy) never enters a table as a whole event.
///
/// Pass 1 reads only the ids and marks every copy of an id that has several. Pass 2 decodes each
/// record once: a single copy goes to `keep` (in small batches, for the aggregate's
/// prefetches); the copies of repeated ids go to a `Deduplicator`, which applies the winner
/// rule. Whole events in the id table cost about 10% of the report's CPU.
///
/// One value serves a core's shards in turn and keeps its id table and marks for the next
/// shard, rather than allocating them afresh for each (see the executable's `mallopt`).
struct ShardDedup {
  private var firstCopies = FirstCopyIndex(capacity: 0)
  private var isRepeated: [Bool] = []
  /// Single-copy events handed over at once (see `CostAggregate.add(_:)` for a batch).
  static let batchSize = 16

  /// Hands every single-copy event of the shard to `keep`, borrowed from its record (no
  /// `CostEvent` is made for it), with where it was read, in batches of at most `batchSize` in
  /// record order; returns
  /// the ids with several copies (in a `Deduplicator`, not yet settled) and how many single-copy
  /// ids there were. `forEachPiece` hands its body the
  /// shard's records in pieces of whole records, the same pieces each time it is called (it is
  /// called twice); `recordCount` sizes the id table.
  mutating func run(
    _ forEachPiece: ((UnsafeRawBufferPointer) -> Void) throws(CostRollError) -> Void, recordCount: Int,
    sources: [String], keep: (UnsafeBufferPointer<DecodedEvent>, UnsafeBufferPointer<RecordOrigin>) -> Void
  ) throws(CostRollError) -> (repeated: Deduplicator, singles: Int) {
    firstCopies.reset(capacity: recordCount)
    isRepeated.removeAll(keepingCapacity: true)
    isRepeated.reserveCapacity(recordCount)
    // Ids are taken `batchSize` at a time and their slots asked for before the first is looked
    // up, so that the lookups' cache misses overlap.
    try forEachPiece { raw in
      var offset = 0
      var ids = InlineArray<16, EventID>(repeating: .text(ByteString([])))  // `batchSize`
      while offset < raw.count {
        var count = 0
        while count < Self.batchSize && offset < raw.count {
          ids[count] = EventRecord.id(raw, at: &offset)
          firstCopies.prefetch(ids[count])
          count += 1
        }
        for index in 0..<count {
          if let first = firstCopies.firstOrdinal(of: ids[index], recording: isRepeated.count) {
            isRepeated[first] = true
            isRepeated.append(true)
          } else {
            isRepeated.append(false)
          }
        }
      }
    }

    var repeated = Deduplicator()
    var singles = 0
    var labels = LabelInterner()
    var ordinal = 0
    // `keep` is only called during `forEachPiece`, which does not keep the body; a batch is
    // handed over before the piece its events borrow from is gone.
    try withoutActuallyEscaping(keep) { (keep) throws(CostRollError) in
      try withUnsafeTemporaryAllocation(of: DecodedEvent.self, capacity: Self.batchSize) {
        (batch) throws(CostRollError) in
        var origins = InlineArray<16, RecordOrigin>(repeating: RecordOrigin(source: 0, line: 0, lineHash: nil))
        var batched = 0
        func handOver() {
          guard batched > 0 else { return }
          origins.span.withUnsafeBufferPointer { origins in
            keep(UnsafeBufferPointer(rebasing: batch[..<batched]), UnsafeBufferPointer(rebasing: origins[..<batched]))
          }
          batch.baseAddress!.deinitialize(count: batched)
          batched = 0
        }
        try forEachPiece { raw in
          var offset = 0
          while offset < raw.count {
            let record = EventRecord.view(raw, at: &offset)
            if isRepeated[ordinal] {
              let origin = LineOrigin(source: sources[record.source], line: record.line)
              repeated.insert(record.event.event(origin: origin, labels: &labels), lineHash: record.lineHash)
            } else {
              singles += 1
              batch.initializeElement(at: batched, to: record.event)
              origins[batched] = RecordOrigin(
                source: Int32(record.source), line: record.line, lineHash: record.lineHash)
              batched += 1
              if batched == Self.batchSize { handOver() }
            }
            ordinal += 1
          }
          handOver()
        }
      }
    }
    return (repeated, singles)
  }
}
