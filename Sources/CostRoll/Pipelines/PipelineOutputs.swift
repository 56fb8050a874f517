/// Every table a pipeline publishes, computed from the kept events in the state store in one
/// pass: each report (with its window resolved for the run's as-of instant), the `user_costs`
/// snapshot, and the totals over all kept events.
///
/// Reports come from the kept events, not from per-run deltas, so they equal what one
/// `costroll report` over every file ingested so far produces, byte for byte, whatever the split
/// of the files into runs.
public struct PipelineOutputs: Sendable {
  /// One table per pipeline report, in pipeline order.
  public var reports: [Table]
  public var snapshot: Table?
  /// Over every kept event (no window).
  public var totalCost: DecimalSum
  public var unattributedCost: DecimalSum

  /// Reads every kept event of `transaction` once.
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
      reports: aggregators.map { $0.table() }, snapshot: snapshot?.table(calculatedAt: asOf), totalCost: all.total,
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
