/// A report's rows as a table to write: the column layout of `report.csv` and `report.json`.
extension ReportAggregator {
  /// The report (see `chunks()`) as one table.
  public func table() -> Table { chunks().table() }

  /// The report: key columns in the order asked, `bucket_start` when bucketed, `event_count`,
  /// `quantity` when `unit` is a key, `total_cost_usd`; rows sorted by key values (byte-wise,
  /// null first), then bucket start. With no keys and no bucket: exactly one row. The rows are
  /// sorted here and spelled chunk by chunk when written.
  public func chunks() -> TableChunks {
    var columns = keys.map { Table.Column($0.rawValue, .key) }
    if calendar != nil { columns.append(Table.Column("bucket_start", .text)) }
    columns.append(Table.Column("event_count", .count))
    let withQuantity = keys.contains(.unit)
    if withQuantity { columns.append(Table.Column("quantity", .decimal)) }
    columns.append(Table.Column("total_cost_usd", .decimal))

    let (rowParts, sorted) = sortedRows()
    let calendar = calendar
    // Spelling the cells is the serial tail of a report run, so chunks of rows are spelled on
    // all cores, in order. Chunks of about 10,000 rows (2 MB of CSV and JSON), so that the
    // chunks being written while the next are spelled (`TableChunks.write`) hold little.
    let chunkCount = max(1, sorted.count / 10_000)
    let speller = ReportRowBytes(columns: columns, keyCount: keys.count, calendar: calendar, withQuantity: withQuantity)
    /// Chunk `chunk`'s rows written straight as bytes (see `ReportRowBytes`).
    @Sendable func spellBytes(_ chunk: Int, _ formats: [TableFormat]) -> (rowCount: Int, bodies: [[UInt8]]) {
      let range = TableChunks.rows(inChunk: chunk, of: chunkCount, rowCount: sorted.count)
      var speller = speller.copyForTask()
      var bodies = formats.map { _ in [UInt8]() }
      for index in bodies.indices { bodies[index].reserveCapacity(range.count * 128) }
      for (position, index) in sorted[range].enumerated() {
        // The row is read in place, not copied (a copy retains its key's text values).
        rowParts[Int(index.part)].withUnsafeBufferPointer { rows in
          let row = rows.baseAddress! + Int(index.row)
          for (format, kind) in formats.enumerated() {
            switch kind {
            case .csv: speller.appendCSV(row.pointee.key, row.pointee.value, to: &bodies[format])
            case .json:
              if position > 0 {
                bodies[format].append(UInt8(ascii: ","))
                bodies[format].append(0x0A)
              }
              speller.appendJSON(row.pointee.key, row.pointee.value, to: &bodies[format])
            }
          }
        }
      }
      return (range.count, bodies)
    }
    return TableChunks(columns: columns, chunkCount: chunkCount, spellBytes: spellBytes) { chunk -> [[Table.Cell]] in
      let range = TableChunks.rows(inChunk: chunk, of: chunkCount, rowCount: sorted.count)
      // Few distinct buckets and users span many rows: spell each once per chunk.
      var bucketLabels: [Bucket: String] = [:]
      var uuidTexts: [UUIDValue: String] = [:]
      return sorted[range].map { index -> [Table.Cell] in
        let (key, totals) = rowParts[Int(index.part)][Int(index.row)]
        var cells: [Table.Cell] = key.values.map { value in
          guard case .uuid(let uuid) = value else { return value.text }
          if let text = uuidTexts[uuid] { return text }
          let text = uuid.description
          uuidTexts[uuid] = text
          return text
        }
        if let bucket = key.bucket, let calendar {
          if let label = bucketLabels[bucket] {
            cells.append(label)
          } else {
            let label = calendar.label(bucket)
            bucketLabels[bucket] = label
            cells.append(label)
          }
        }
        cells.append(String(totals.eventCount))
        if withQuantity { cells.append(totals.quantity.description) }
        cells.append(totals.cost.description)
        return cells
      }
    }
  }
}
