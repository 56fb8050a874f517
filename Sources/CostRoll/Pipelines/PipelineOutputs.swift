/// Every table a pipeline publishes: each report (its window resolved for the run's as-of
/// instant), the `user_costs` snapshot, and the totals over all kept events.
///
/// A run gets them from its stored partial aggregates (`PipelineAggregates.finish`).
/// `compute` builds them from the kept events alone instead, in one pass and independently of
/// the stored aggregates: that is `costroll recalculate`, and the tests hold the two equal.
public struct PipelineOutputs: Sendable {
  /// One table per pipeline report, in pipeline order, spelled when the files are made (a
  /// report's rows straight to bytes, never as a `Table` of cells: see `files(for:)`).
  public var reports: [TableChunks]
  public var snapshot: TableChunks?
  /// Over every kept event (no window).
  public var totalCost: DecimalSum
  public var unattributedCost: DecimalSum

  /// The tables from every kept event of `transaction`, read once (for `recalculate`).
  public static func compute(
    _ pipeline: Pipeline, plans: [ReportPlan], asOf: Instant, from transaction: any StateTransaction
  ) throws(CostRollError) -> PipelineOutputs {
    var aggregators = plans.map { plan in
      ReportAggregator(
        keys: plan.keys,
        calendar: plan.bucket.map { BucketCalendar(size: $0, zone: plan.zone, zoneName: plan.zoneName) },
        categories: pipeline.categories)
    }
    var snapshot = pipeline.snapshot.map { _ in
      UserCostsSnapshot(categories: pipeline.categories, assignUnattributedTo: pipeline.assignUnattributedTo)
    }
    var all = ReportAggregator(keys: [], calendar: nil, categories: pipeline.categories)
    try transaction.forEachKept { event in
      all.add(event)
      for index in plans.indices where plans[index].contains(event.timestamp) { aggregators[index].add(event) }
      snapshot?.add(event)
    }
    return PipelineOutputs(
      reports: aggregators.map { $0.chunks() }, snapshot: snapshot?.chunks(calculatedAt: asOf), totalCost: all.total,
      unattributedCost: all.unattributedTotal)
  }

  /// One output file: its name and how to spell it piece by piece.
  public struct File: Sendable {
    public var name: String
    let format: TableFormat
    let table: TableChunks

    /// Hands the file's bytes to `emit` in pieces, a few chunks of rows at a time, so that the
    /// file is never held whole.
    public func write(to emit: ([UInt8]) throws(CostRollError) -> Void) throws(CostRollError) {
      try table.spell([format]) { (_, piece) throws(CostRollError) in try emit(piece) }
    }
  }

  /// The output files for `pipeline`'s reports and snapshot, in pipeline order.
  public func files(for pipeline: Pipeline) -> [File] {
    var files: [File] = []
    for (report, table) in zip(pipeline.reports, reports) {
      files += report.formats.map { File(name: report.name + "." + $0.fileExtension, format: $0, table: table) }
    }
    if let snapshot, let formats = pipeline.snapshot?.formats {
      files += formats.map { File(name: "user_costs." + $0.fileExtension, format: $0, table: snapshot) }
    }
    return files
  }
}
