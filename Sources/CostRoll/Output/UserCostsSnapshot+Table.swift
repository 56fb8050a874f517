/// The snapshot as a table to write: the columns of the app's `user_costs` table.
extension UserCostsSnapshot {
  /// The snapshot table; `calculatedAt` fills `cost_calculated_at`.
  public func table(calculatedAt: Instant) -> Table {
    var columns = [Table.Column("user_id", .key)]
    columns += Self.categoryColumns.map { Table.Column($0 + "_cost_usd", .decimal) }
    columns += [
      "total_cost_usd", "total_tokens", "total_emails_sent", "total_s3_operations", "storage_mb",
      "lambda_duration_seconds",
    ].map { Table.Column($0, .decimal) }
    columns += [
      Table.Column("event_count", .count), Table.Column("first_event_at", .text), Table.Column("last_event_at", .text),
      Table.Column("cost_calculated_at", .text),
    ]
    let calculated = calculatedAt.description
    let rows = rows.sorted { $0.key < $1.key }.map { user, row -> [Table.Cell] in
      var cells: [Table.Cell] = [user.description]
      cells += row.costs.map(\.description)
      cells += [row.total, row.tokens, row.emails, row.s3Operations, row.storageMB, row.lambdaSeconds].map(
        \.description)
      cells += [String(row.eventCount), row.first?.description, row.last?.description, calculated]
      return cells
    }
    return Table(columns: columns, rows: rows)
  }
}
