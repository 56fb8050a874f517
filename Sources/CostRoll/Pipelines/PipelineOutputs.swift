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
  public var snapshot: Table?
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
      reports: aggregators.map { $0.chunks() }, snapshot: snapshot?.table(calculatedAt: asOf), totalCost: all.total,
      unattributedCost: all.unattributedTotal)
  }

  /// The output files for `pipeline`'s reports and snapshot, by file name.
  public func files(for pipeline: Pipeline) -> [(name: String, bytes: [UInt8])] {
    var files: [(name: String, bytes: [UInt8])] = []
    for (report, table) in zip(pipeline.reports, reports) {
      files += report.formats.map { (report.name + "." + $0.fileExtension, $0.render(table)) }
    }
    if let snapshot, let formats = pipeline.snapshot?.formats {
      files += formats.map { ("user_costs." + $0.fileExtension, $0.render(snapshot)) }
    }
    return files
  }
}
