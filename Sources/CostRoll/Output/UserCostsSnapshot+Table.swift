/// The snapshot as a table to write: the columns of the app's `user_costs` table.
extension UserCostsSnapshot {
  /// The snapshot table; `calculatedAt` fills `cost_calculated_at`.
  public func table(calculatedAt: Instant) -> Table { chunks(calculatedAt: calculatedAt).table() }

  /// The snapshot's rows in chunks of about 10,000 users, sorted by `user_id` here and spelled
  /// chunk by chunk when written, so a snapshot of many users is never held as cells whole.
  public func chunks(calculatedAt: Instant) -> TableChunks {
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
    let rows = rows
    let users = rows.keys.sorted()
    let chunkCount = max(1, users.count / 10_000)
    return TableChunks(columns: columns, chunkCount: chunkCount) { chunk in
      users[TableChunks.rows(inChunk: chunk, of: chunkCount, rowCount: users.count)].map { user -> [Table.Cell] in
        let row = rows[user]!
        var cells: [Table.Cell] = [user.description]
        cells += row.costs.map(\.description)
        cells += [row.total, row.tokens, row.emails, row.s3Operations, row.storageMB, row.lambdaSeconds].map(
          \.description)
        cells += [String(row.eventCount), row.first?.description, row.last?.description, calculated]
        return cells
      }
    }
  }
}
