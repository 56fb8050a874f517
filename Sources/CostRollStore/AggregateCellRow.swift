import GRDB

/// A row of `aggregate_cell`: one cell of a pipeline's partial aggregate (a report cell, a
/// `user_costs` row or the totals), in the byte forms of `AggregateRecords`.
struct AggregateCellRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "aggregate_cell"

  /// `report:NAME`, `snapshot` or `totals`.
  var aggregate: String
  var key: [UInt8]
  var value: [UInt8]

  static let upsertSQL = """
    INSERT INTO aggregate_cell (aggregate, key, value) VALUES (?, ?, ?)
    ON CONFLICT(aggregate, key) DO UPDATE SET value = excluded.value
    """
}
