/// What one nightly run changes, as a partial aggregate of the one-off engine
/// (`ShardedAggregation`): each core deduplicates its shards of the run's new copies together
/// with the kept copies of the same ids from earlier runs, and hands the winners here.
///
/// A winner that is the kept copy itself changes nothing. Any other winner is a new kept copy:
/// it is added to the report cells, the snapshot and the totals (the pipeline's grains, see
/// `PipelineAggregates`), and its record goes to `winners` for the store; when it replaces a
/// kept copy, that id is listed in `replaced`, so the old copy is taken out of the stored
/// aggregates. Partials over different shards merge by sums, like every `CostAggregate`.
struct PipelineDelta: CostAggregate, @unchecked Sendable {
  /// Where each looked-up id's kept copy was read (ids without one are new).
  let keptOrigins: [EventID: LineOrigin]
  /// Source numbers of the run's source list, by name (for the winners' records).
  let sourceNumbers: [String: Int32]
  var reports: [ReportAggregator]
  var snapshot: UserCostsSnapshot?
  /// The ids whose kept copy lost to a copy of this run.
  var replaced: [EventID] = []
  /// This partial's writers of new kept copies (one per core; merged partials keep them all).
  var writers: [EventShards.Writer]
  /// The first failure to write a new kept copy (the aggregate's methods cannot throw); the
  /// run fails with it.
  var writeFailure: CostRollError?
  private(set) var total = DecimalSum()
  private(set) var unattributedTotal = DecimalSum()

  /// An empty partial writing its new kept copies through `writer`.
  init(
    pipeline: Pipeline, keptOrigins: [EventID: LineOrigin], sourceNumbers: [String: Int32],
    writer: EventShards.Writer
  ) {
    self.keptOrigins = keptOrigins
    self.sourceNumbers = sourceNumbers
    reports = pipeline.reports.map { ReportCells(pipeline: pipeline, report: $0).aggregator }
    snapshot =
      pipeline.snapshot == nil
      ? nil : UserCostsSnapshot(categories: pipeline.categories, assignUnattributedTo: pipeline.assignUnattributedTo)
    writers = [writer]
  }

  mutating func add(_ event: DecodedEvent) {
    for index in reports.indices { reports[index].add(event) }
    snapshot?.add(event)
    total.add(event.totalCost)
    if event.userID == nil { unattributedTotal.add(event.totalCost) }
  }

  /// Single copies of their id in this run with no kept copy: all new.
  mutating func add(_ events: UnsafeBufferPointer<DecodedEvent>, origins: UnsafeBufferPointer<RecordOrigin>) {
    for index in reports.indices { reports[index].add(events) }
    for (event, origin) in zip(events, origins) {
      snapshot?.add(event)
      total.add(event.totalCost)
      if event.userID == nil { unattributedTotal.add(event.totalCost) }
      keep(event, source: origin.source, line: origin.line, lineHash: origin.lineHash)
    }
  }

  mutating func add(winner: CostEvent, lineHash: UInt64?) {
    let kept = keptOrigins[winner.id]
    if kept == winner.origin { return }
    if kept != nil { replaced.append(winner.id) }
    DecodedEvent.withFields(of: winner) { event in
      add(event)
      keep(event, source: sourceNumbers[winner.origin.source] ?? 0, line: winner.origin.line, lineHash: lineHash)
    }
  }

  private mutating func keep(_ event: DecodedEvent, source: Int32, line: Int, lineHash: UInt64?) {
    do throws(CostRollError) {
      try writers[0].add(event, idHash: Self.orderKey(of: event), line: line, lineHash: lineHash, recordSource: source)
    } catch {
      writeFailure = writeFailure ?? error
    }
  }

  /// A key whose order is the store's order of ids (`EventID`'s order): new kept copies are spread over shards in that order, so that they can be
  /// saved in the order of the store's index (`PipelineIngest`).
  static func orderKey(of event: DecodedEvent) -> UInt64 {
    event.uuidID.map { UInt64(truncatingIfNeeded: $0.bits >> 64) } ?? 0
  }

  mutating func merge(_ other: PipelineDelta) {
    for index in reports.indices { reports[index].merge(other.reports[index]) }
    if let other = other.snapshot { snapshot?.merge(other) }
    replaced += other.replaced
    writeFailure = writeFailure ?? other.writeFailure
    writers += other.writers
    total.add(other.total)
    unattributedTotal.add(other.unattributedTotal)
  }
}
