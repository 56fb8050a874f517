/// One pipeline report's stored cells (see `PipelineAggregates`): a `ReportAggregator` at the
/// report's grain, plus what each cell held before this run touched it.
struct ReportCells {
  typealias RowKey = ReportAggregator.RowKey
  typealias Totals = ReportAggregator.Totals

  let keys: [GroupKey]
  let fingerprint: String
  var aggregator: ReportAggregator
  /// Each touched cell's totals before this run (`nil`: the cell did not exist).
  private(set) var before: [RowKey: Totals?] = [:]

  init(pipeline: Pipeline, report: Pipeline.Report) {
    keys = report.keys
    let grain: BucketSize? = report.bucket == .hour ? .hour : report.bucket != nil || report.window != nil ? .day : nil
    let calendar = grain.map { BucketCalendar(size: $0, zone: report.zone, zoneName: report.zoneName) }
    aggregator = ReportAggregator(keys: report.keys, calendar: calendar, categories: pipeline.categories)
    fingerprint = [
      // Hour cells are v2 since an hour that begins at an offset change inside a local hour
      // (a 30-minute DST shift) starts at that change: stores built before rebuild them once.
      grain == .hour ? "cells-v2" : "cells-v1", report.keys.map(\.rawValue).joined(separator: ","),
      grain?.rawValue ?? "-", report.zoneName,
      pipeline.categories.fingerprint,
    ].joined(separator: "|")
  }

  /// Loads the stored cells of `name`; returns `true` when they must be rebuilt instead (never
  /// built, or built for another definition).
  mutating func load(_ name: String, from transaction: any StateTransaction) throws(CostRollError) -> Bool {
    guard try transaction.aggregateFingerprint(name) == fingerprint else { return true }
    var labels = LabelInterner()
    let count = keys.count
    var rows = RowTable()
    try transaction.forEachAggregateCell(name) { key, value in
      rows[AggregateRecords.key(from: key, count: count, labels: &labels)] = AggregateRecords.totals(from: value)
    }
    aggregator.rows = rows
    return false
  }

  mutating func add(_ event: CostEvent) {
    remember(aggregator.rowKey(of: event))
    aggregator.add(event)
  }

  mutating func remove(_ event: CostEvent) {
    remember(aggregator.rowKey(of: event))
    aggregator.remove(event)
  }

  /// Adds a partial aggregate over other events, at this report's grain.
  mutating func merge(_ partial: ReportAggregator) {
    for (key, _) in partial.rows { remember(key) }
    aggregator.merge(partial)
  }

  private mutating func remember(_ key: RowKey) {
    if before[key] == nil { before[key] = .some(aggregator.rows[key]) }
  }

  /// Stores the touched cells (or, after a rebuild, all of them) and the fingerprint.
  func store(_ name: String, into transaction: any StateTransaction, replacingAll: Bool) throws(CostRollError) {
    let changed: [(key: [UInt8], value: [UInt8]?)]
    if replacingAll {
      changed = aggregator.rows.map { (AggregateRecords.key($0.key), AggregateRecords.totals($0.value)) }
    } else {
      changed = before.compactMap { key, old in
        let new = aggregator.rows[key]
        return new == old ? nil : (AggregateRecords.key(key), new.map(AggregateRecords.totals))
      }
    }
    try transaction.writeAggregateCells(name, changed, replacingAll: replacingAll)
    if replacingAll { try transaction.setAggregateFingerprint(name, fingerprint) }
  }

  /// The rows of `published` (these cells rolled up into `calendar` within `current`) whose
  /// total this run changed, in buckets the previous run (window `previous`) had a row in.
  mutating func restatements(
    report: String, published: ReportAggregator, calendar: BucketCalendar, current: (from: Instant?, to: Instant?),
    previous: (from: Instant?, to: Instant?)
  ) -> [Restatements.Entry] {
    func inside(_ start: Int64, _ range: (from: Instant?, to: Instant?)) -> Bool {
      if let from = range.from, start < from.seconds { return false }
      if let to = range.to, start >= to.seconds { return false }
      return true
    }
    var calendar = calendar
    // Touched cells in the current window, summed per published row, before and after.
    var moved: [RowKey: (before: DecimalSum, after: DecimalSum)] = [:]
    for (cell, old) in before {
      guard let start = cell.bucket?.startInstant, inside(start, current) else { continue }
      let row = RowKey(values: Array(cell.values), bucket: calendar.bucket(for: Instant(seconds: start)))
      var sums = moved[row] ?? (DecimalSum(), DecimalSum())
      if let old { sums.before.add(old.cost) }
      if let new = aggregator.rows[cell] { sums.after.add(new.cost) }
      moved[row] = sums
    }
    guard !moved.isEmpty else { return [] }
    // Which of those buckets the previous run published: any cell in them that held events
    // before this run and lay in the previous window.
    let candidates = Set(moved.keys.compactMap(\.bucket))
    var reported = Set<Bucket>()
    for (cell, totals) in aggregator.rows {
      guard let start = cell.bucket?.startInstant, inside(start, previous) else { continue }
      let held = before[cell].map { $0?.eventCount ?? 0 } ?? totals.eventCount
      guard held > 0 else { continue }
      let bucket = calendar.bucket(for: Instant(seconds: start))
      if candidates.contains(bucket) { reported.insert(bucket) }
    }
    for (cell, old) in before where aggregator.rows[cell] == nil && (old?.eventCount ?? 0) > 0 {
      guard let start = cell.bucket?.startInstant, inside(start, previous) else { continue }
      reported.insert(calendar.bucket(for: Instant(seconds: start)))
    }

    var entries: [(row: RowKey, entry: Restatements.Entry)] = []
    for (row, sums) in moved {
      guard let bucket = row.bucket, reported.contains(bucket) else { continue }
      let new = published.rows[row]?.cost ?? DecimalSum()
      var old = new
      old.add(sums.before)
      old.subtract(sums.after)
      guard old != new else { continue }
      let spelled = zip(keys, row.values).map { "\($0.rawValue)=\($1.text ?? "null")" }.joined(separator: ";")
      entries.append(
        (
          row,
          Restatements.Entry(
            report: report, keys: spelled, bucket: calendar.label(bucket), previousTotal: old.description,
            newTotal: new.description, delta: DecimalText.difference(new.description, minus: old.description))
        ))
    }
    var order = RowOrder()
    for (row, _) in entries { order.append(row.values, bucket: row.bucket) }
    return order.sortedIndices().map { entries[$0].entry }
  }
}
