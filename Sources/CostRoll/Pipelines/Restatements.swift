/// Which already-reported buckets a run moved, for finance: `restatements.csv`.
///
/// A bucket counts as already reported when the previous run's report had a row in it. Every
/// row of such a bucket whose total this run changed (late events, a later winning copy) is
/// listed with its total before and after the run; a row that appears or disappears counts
/// from or to 0. Totals are taken within this run's window. Reports without a bucket have no
/// closed periods and list nothing; buckets reported for the first time are not restatements.
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

  /// Adds one report's entries, in the report's row order.
  mutating func append(_ reportEntries: [Entry]) { entries += reportEntries }

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
