/// Which already-reported buckets a run moved, for finance: `restatements.csv`.
///
/// A bucket counts as already reported when the previous run's report had a row in it and it is
/// still in this run's window. Every (keys, bucket) row of such a bucket whose total differs
/// between the two runs is listed (a row that appears or disappears counts from or to 0).
/// Reports without a bucket have no closed periods and list nothing; buckets that only appear
/// now, or that left the window, are not restatements.
public struct Restatements: Sendable {
  public struct Entry: Sendable, Equatable {
    public var report: String
    /// `key=value` pairs joined by `;` (`null` for null), in the report's key order.
    public var keys: String
    public var bucket: String
    public var previousTotal: String
    public var newTotal: String
    public var delta: String
  }

  public private(set) var entries: [Entry] = []

  public init() {}

  /// The rows of a bucketed report `table` with `keyCount` key columns, as published.
  public static func rows(of table: Table, keyCount: Int) -> [ReportedRow] {
    table.rows.map { row in
      ReportedRow(keys: Array(row[..<keyCount]), bucket: row[keyCount] ?? "", total: row[row.count - 1] ?? "0")
    }
  }

  /// Compares `report`'s previous rows with its current ones.
  public mutating func compare(report: String, keys: [GroupKey], previous: [ReportedRow], current: [ReportedRow]) {
    let currentBuckets = Set(current.map(\.bucket))
    let reportedBuckets = Set(previous.map(\.bucket)).intersection(currentBuckets)
    struct RowKey: Hashable {
      var keys: [String?]
      var bucket: String
    }
    var before: [RowKey: String] = [:]
    for row in previous where reportedBuckets.contains(row.bucket) {
      before[RowKey(keys: row.keys, bucket: row.bucket)] = row.total
    }
    var after: [RowKey: String] = [:]
    for row in current where reportedBuckets.contains(row.bucket) {
      after[RowKey(keys: row.keys, bucket: row.bucket)] = row.total
    }
    var found: [Entry] = []
    for key in Set(before.keys).union(after.keys) {
      let old = before[key] ?? "0"
      let new = after[key] ?? "0"
      guard old != new else { continue }
      let spelled = zip(keys, key.keys).map { "\($0.rawValue)=\($1 ?? "null")" }.joined(separator: ";")
      found.append(
        Entry(
          report: report, keys: spelled, bucket: key.bucket, previousTotal: old, newTotal: new,
          delta: DecimalText.difference(new, minus: old)))
    }
    found.sort { ($0.bucket, $0.keys) < ($1.bucket, $1.keys) }
    entries += found
  }

  /// The `restatements.csv` table (header only when nothing moved).
  public var table: Table {
    Table(
      columns: [
        .init("report", .key), .init("keys", .key), .init("bucket_start", .text),
        .init("previous_total_usd", .decimal), .init("new_total_usd", .decimal), .init("delta_usd", .decimal),
      ],
      rows: entries.map { [$0.report, $0.keys, $0.bucket, $0.previousTotal, $0.newTotal, $0.delta] })
  }
}
