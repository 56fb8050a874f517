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
public struct PipelineAggregates {
  private static let snapshotFingerprintVersion = "rows-v1"
  private static let totalsFingerprint = "totals-v1"

  private let pipeline: Pipeline
  private var reports: [ReportCells]
  /// Per report (then snapshot, totals): rebuilt from all kept events this run.
  private var reportRebuilt: [Bool]
  private var snapshot: UserCostsSnapshot?
  private let snapshotFingerprint: String
  private var snapshotRebuilt = false
  private var touchedUsers = Set<UUIDValue>()
  private var usersToRebuild = Set<UUIDValue>()
  private var total = DecimalSum()
  private var unattributed = DecimalSum()
  private var totalsRebuilt = false

  /// Loads the stored aggregates of `pipeline`, rebuilding from the kept events those whose
  /// definition changed (one scan for all of them).
  public init(_ pipeline: Pipeline, in transaction: any StateTransaction) throws(CostRollError) {
    self.pipeline = pipeline
    reports = pipeline.reports.map { ReportCells(pipeline: pipeline, report: $0) }
    reportRebuilt = []
    for index in reports.indices {
      reportRebuilt.append(try reports[index].load("report:" + pipeline.reports[index].name, from: transaction))
    }
    snapshotFingerprint =
      Self.snapshotFingerprintVersion + "|" + pipeline.categories.fingerprint + "|"
      + (pipeline.assignUnattributedTo?.description ?? "")
    if pipeline.snapshot != nil {
      var snapshot = UserCostsSnapshot(
        categories: pipeline.categories, assignUnattributedTo: pipeline.assignUnattributedTo)
      if try transaction.aggregateFingerprint("snapshot") == snapshotFingerprint {
        var rows: [UUIDValue: UserCostsSnapshot.Row] = [:]
        try transaction.forEachAggregateCell("snapshot") { key, value in
          rows[AggregateRecords.user(from: key)] = AggregateRecords.row(from: value)
        }
        snapshot.rows = rows
      } else {
        snapshotRebuilt = true
      }
      self.snapshot = snapshot
    }
    if try transaction.aggregateFingerprint("totals") == Self.totalsFingerprint {
      var sums: (DecimalSum, DecimalSum)?
      try transaction.forEachAggregateCell("totals") { _, raw in
        if raw.count == 48 { sums = (DecimalSum(bytes: raw, at: 0), DecimalSum(bytes: raw, at: 24)) }
      }
      if let sums { (total, unattributed) = sums }
    } else {
      totalsRebuilt = true
    }
    guard reportRebuilt.contains(true) || snapshotRebuilt || totalsRebuilt else { return }
    var reports = self.reports
    var snapshot = self.snapshot
    var total = self.total
    var unattributed = self.unattributed
    let (rebuildReports, rebuildSnapshot, rebuildTotals) = (reportRebuilt, snapshotRebuilt, totalsRebuilt)
    try transaction.forEachKept { event in
      for index in reports.indices where rebuildReports[index] { reports[index].aggregator.add(event) }
      if rebuildSnapshot { snapshot?.add(event) }
      if rebuildTotals {
        total.add(event.totalCost)
        if event.userID == nil { unattributed.add(event.totalCost) }
      }
    }
    (self.reports, self.snapshot, self.total, self.unattributed) = (reports, snapshot, total, unattributed)
  }

  /// Applies a run's change: the kept copies it replaced (`removed`) are taken out, then its
  /// new kept copies, summed in `delta`, are added.
  mutating func apply(removed: [CostEvent], delta: PipelineDelta) {
    for event in removed {
      for index in reports.indices { reports[index].remove(event) }
      if snapshot != nil {
        if let user = event.userID ?? pipeline.assignUnattributedTo { touchedUsers.insert(user) }
        if let user = snapshot?.remove(event) { usersToRebuild.insert(user) }
      }
      total.subtract(event.totalCost)
      if event.userID == nil { unattributed.subtract(event.totalCost) }
    }
    for index in reports.indices { reports[index].merge(delta.reports[index]) }
    if let partial = delta.snapshot {
      touchedUsers.formUnion(partial.rows.keys)
      snapshot?.merge(partial)
    }
    total.add(delta.total)
    unattributed.add(delta.unattributedTotal)
  }

  /// Stores the aggregates and returns the published tables (windows as of `asOf`) and the
  /// restatements against the previous run (as of `previousAsOf`).
  public mutating func finish(
    plans: [ReportPlan], asOf: Instant, previousAsOf: Instant?, in transaction: any StateTransaction
  ) throws(CostRollError) -> (outputs: PipelineOutputs, restatements: Restatements) {
    var tables: [TableChunks] = []
    var restatements = Restatements()
    for (index, (report, plan)) in zip(pipeline.reports, plans).enumerated() {
      try reports[index].store("report:" + report.name, into: transaction, replacingAll: reportRebuilt[index])
      let calendar = report.bucket.map { BucketCalendar(size: $0, zone: report.zone, zoneName: report.zoneName) }
      let published = reports[index].aggregator.rolledUp(into: calendar, from: plan.from, to: plan.to)
      tables.append(published.chunks())
      if !reportRebuilt[index], let previousAsOf, let calendar {
        let previous = report.window?.range(asOf: previousAsOf, zone: report.zone)
        restatements.append(
          reports[index].restatements(
            report: report.name, published: published, calendar: calendar, current: (plan.from, plan.to),
            previous: (previous?.from, previous?.to)))
      }
    }
    let snapshotTable = try finishSnapshot(in: transaction)?.chunks(calculatedAt: asOf)
    try transaction.writeAggregateCells("totals", [([], total.bytes + unattributed.bytes)], replacingAll: true)
    if totalsRebuilt { try transaction.setAggregateFingerprint("totals", Self.totalsFingerprint) }
    return (
      PipelineOutputs(reports: tables, snapshot: snapshotTable, totalCost: total, unattributedCost: unattributed),
      restatements
    )
  }

  /// Rebuilds the rows of users whose first or last event was replaced, and stores the rows.
  private mutating func finishSnapshot(in transaction: any StateTransaction) throws(CostRollError)
    -> UserCostsSnapshot?
  {
    guard var snapshot else { return nil }
    for user in usersToRebuild {
      var single = UserCostsSnapshot(
        categories: pipeline.categories, assignUnattributedTo: pipeline.assignUnattributedTo)
      try transaction.forEachKept(user: user) { single.add($0) }
      if user == pipeline.assignUnattributedTo { try transaction.forEachKept(user: nil) { single.add($0) } }
      snapshot.rows[user] = single.rows[user]
    }
    let users = snapshotRebuilt ? Set(snapshot.rows.keys) : touchedUsers
    let cells = users.map { user in (AggregateRecords.user(user), snapshot.rows[user].map(AggregateRecords.row)) }
    try transaction.writeAggregateCells("snapshot", cells, replacingAll: snapshotRebuilt)
    if snapshotRebuilt { try transaction.setAggregateFingerprint("snapshot", snapshotFingerprint) }
    self.snapshot = snapshot
    return snapshot
  }
}

extension CategoryRules {
  /// The rules in a stable spelling, for aggregate fingerprints.
  var fingerprint: String {
    rules.map { "\($0.pattern)=\($0.category)" }.joined(separator: ",") + ";" + fallback
  }
}
