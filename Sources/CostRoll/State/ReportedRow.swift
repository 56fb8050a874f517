/// A report row as a run published it, kept so the next run can tell which closed buckets moved
/// (`restatements.csv`).
public struct ReportedRow: Sendable, Hashable {
  /// The key cells, in the report's key order (`nil` for null).
  public var keys: [String?]
  /// `bucket_start` as printed.
  public var bucket: String
  /// `total_cost_usd` as printed.
  public var total: String

  public init(keys: [String?], bucket: String, total: String) {
    self.keys = keys
    self.bucket = bucket
    self.total = total
  }
}
