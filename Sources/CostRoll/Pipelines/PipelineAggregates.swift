import Foundation

/// A pipeline's partial aggregates, kept in the state store between runs and updated by each
/// run's change to the kept events, so a nightly run costs time in proportion to its new data
/// plus writing the reports, not to the history.
///
/// Each report keeps cells at a grain fine enough for its bucket and window: hours for an hourly
/// report, local days for any other bucketed or windowed report (weeks and months are rolled up
/// from days; windows are whole local days), none otherwise. The snapshot keeps one row per user,
/// and the totals one cell. A run removes the kept copies it replaced and adds the new ones;
/// sums are exact both ways (`DecimalSum.subtract`), and a user whose first or last event was
/// replaced is rebuilt from their kept events. An aggregate whose definition (keys, grain,
/// zone, categories, format) changed since it was built is rebuilt from all kept events.
public enum PipelineAggregates {
  /// What a run changed in the kept events.
  public struct Change: Sendable {
    public var added: [CostEvent]
    public var removed: [CostEvent]

    public init(added: [CostEvent], removed: [CostEvent]) {
      self.added = added
      self.removed = removed
    }
  }

  /// Applies `change` to the stored aggregates (already in the kept events of `transaction`),
  /// stores them, and returns the published tables and the restatements against the previous
  /// run (as of `previousAsOf`).
  public static func update(
    _ pipeline: Pipeline, plans: [ReportPlan], asOf: Instant, previousAsOf: Instant?, change: Change,
    in transaction: any StateTransaction
  ) throws(CostRollError) -> (outputs: PipelineOutputs, restatements: Restatements) {
    var tables: [Table] = []
    var restatements = Restatements()
    for (report, plan) in zip(pipeline.reports, plans) {
      var cells = ReportCells(pipeline: pipeline, report: report)
      let name = "report:" + report.name
      let rebuilt = try cells.load(name, from: transaction)
      if rebuilt {
        try transaction.forEachKept { cells.aggregator.add($0) }
      } else {
        for event in change.removed { cells.remove(event) }
        for event in change.added { cells.add(event) }
      }
      try cells.store(name, into: transaction, replacingAll: rebuilt)
      let calendar = report.bucket.map { BucketCalendar(size: $0, zone: pipeline.zone, zoneName: pipeline.zoneName) }
      let published = cells.aggregator.rolledUp(into: calendar, from: plan.from, to: plan.to)
      tables.append(published.table())
      if !rebuilt, let previousAsOf, let calendar {
        let previous = report.window?.range(asOf: previousAsOf, zone: pipeline.zone)
        restatements.append(
          cells.restatements(
            report: report.name, published: published, calendar: calendar, current: (plan.from, plan.to),
            previous: (previous?.from, previous?.to)))
      }
    }

    let snapshot = try pipeline.snapshot.map { _ throws(CostRollError) -> Table in
      try updatedSnapshot(pipeline, change: change, in: transaction).table(calculatedAt: asOf)
    }
    let totals = try updatedTotals(change: change, in: transaction)
    return (
      PipelineOutputs(
        reports: tables, snapshot: snapshot, totalCost: totals.total, unattributedCost: totals.unattributed),
      restatements
    )
  }

  /// The stored `user_costs` rows with `change` applied (stored again).
  private static func updatedSnapshot(
    _ pipeline: Pipeline, change: Change, in transaction: any StateTransaction
  ) throws(CostRollError) -> UserCostsSnapshot {
    func empty() -> UserCostsSnapshot {
      UserCostsSnapshot(categories: pipeline.categories, assignUnattributedTo: pipeline.assignUnattributedTo)
    }
    var snapshot = empty()
    let fingerprint =
      "rows-v1|" + pipeline.categories.fingerprint + "|" + (pipeline.assignUnattributedTo?.description ?? "")
    if try transaction.aggregateFingerprint("snapshot") != fingerprint {
      try transaction.forEachKept { snapshot.add($0) }
      let cells = snapshot.rows.map { (AggregateRecords.user($0.key), Optional(AggregateRecords.row($0.value))) }
      try transaction.writeAggregateCells("snapshot", cells, replacingAll: true)
      try transaction.setAggregateFingerprint("snapshot", fingerprint)
      return snapshot
    }
    for (key, value) in try transaction.aggregateCells("snapshot") {
      snapshot.rows[AggregateRecords.user(from: key)] = AggregateRecords.row(from: value)
    }
    var touched = Set<UUIDValue>()
    var rebuild = Set<UUIDValue>()
    for event in change.removed {
      if let user = event.userID ?? pipeline.assignUnattributedTo { touched.insert(user) }
      if let user = snapshot.remove(event) { rebuild.insert(user) }
    }
    for event in change.added {
      if let user = event.userID ?? pipeline.assignUnattributedTo { touched.insert(user) }
      snapshot.add(event)
    }
    // A removed first or last event: rebuild the user's row from their kept events.
    for user in rebuild {
      var single = empty()
      try transaction.forEachKept(user: user) { single.add($0) }
      if user == pipeline.assignUnattributedTo { try transaction.forEachKept(user: nil) { single.add($0) } }
      snapshot.rows[user] = single.rows[user]
    }
    let cells = touched.map { user in (AggregateRecords.user(user), snapshot.rows[user].map(AggregateRecords.row)) }
    try transaction.writeAggregateCells("snapshot", cells, replacingAll: false)
    return snapshot
  }

  /// The total and unattributed cost over every kept event, with `change` applied (stored again).
  private static func updatedTotals(change: Change, in transaction: any StateTransaction) throws(CostRollError) -> (
    total: DecimalSum, unattributed: DecimalSum
  ) {
    var total = DecimalSum()
    var unattributed = DecimalSum()
    func add(_ event: CostEvent) {
      total.add(event.totalCost)
      if event.userID == nil { unattributed.add(event.totalCost) }
    }
    if try transaction.aggregateFingerprint("totals") != "totals-v1" {
      try transaction.forEachKept(add)
      try transaction.setAggregateFingerprint("totals", "totals-v1")
    } else {
      if let stored = try transaction.aggregateCells("totals").first?.value {
        stored.withUnsafeBytes { raw in
          total = DecimalSum(bytes: raw, at: 0)
          unattributed = DecimalSum(bytes: raw, at: 24)
        }
      }
      for event in change.removed {
        total.subtract(event.totalCost)
        if event.userID == nil { unattributed.subtract(event.totalCost) }
      }
      for event in change.added { add(event) }
    }
    try transaction.writeAggregateCells("totals", [([], total.bytes + unattributed.bytes)], replacingAll: true)
    return (total, unattributed)
  }
}

extension CategoryRules {
  /// The rules in a stable spelling, for aggregate fingerprints.
  var fingerprint: String {
    rules.map { "\($0.pattern)=\($0.category)" }.joined(separator: ",") + ";" + fallback
  }
}
