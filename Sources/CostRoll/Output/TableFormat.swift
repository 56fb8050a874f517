import Foundation

/// The file formats a table can be written in.
public enum TableFormat: String, CaseIterable, Sendable {
  case csv, json

  /// The file extension.
  public var fileExtension: String { rawValue }

  /// Rows per chunk when a big table is rendered on all cores.
  static let chunkRows = 20_000

  /// `table` in this format. A big table is rendered in chunks of rows on all cores and the
  /// chunks joined in order: rendering was serial work after the parallel stages (0.33 s for
  /// the report and its JSON of 395 k rows at 5 M events, CSV and JSON at once).
  public func render(_ table: Table) -> [UInt8] {
    let rowCount = table.rows.count
    let chunkCount = max(1, min(4 * ProcessInfo.processInfo.activeProcessorCount, rowCount / Self.chunkRows))
    let chunks = ParallelWork.map(count: chunkCount) { chunk -> [UInt8] in
      let rows = (rowCount * chunk / chunkCount)..<(rowCount * (chunk + 1) / chunkCount)
      var out: [UInt8] = []
      switch self {
      case .csv: CSVText.appendRows(table, rows, into: &out)
      case .json: Self.appendJSONRows(table, rows, into: &out)
      }
      return out
    }
    var out: [UInt8]
    switch self {
    case .csv: out = CSVText.header(table)
    case .json:
      guard rowCount > 0 else { return Array("[]\n".utf8) }
      out = [UInt8(ascii: "["), 0x0A]
    }
    out.reserveCapacity(out.count + chunks.reduce(2) { $0 + $1.count })
    for chunk in chunks { out.append(contentsOf: chunk) }
    if self == .json { out += [UInt8(ascii: "]"), 0x0A] }
    return out
  }

  /// The JSON rows in `rows`: each an object keyed by column name on its own line, followed by
  /// a comma unless it is the table's last; decimals and text as strings, counts as numbers,
  /// nulls as null.
  static func appendJSONRows(_ table: Table, _ rows: Range<Int>, into out: inout [UInt8]) {
    // Each member's `"name":` prefix is spelled once; cells are written straight into `out`.
    let prefixes = table.columns.enumerated().map { index, column -> [UInt8] in
      var prefix: [UInt8] = index == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: ",")]
      JSONText.string(column.name.utf8, into: &prefix)
      return prefix + [UInt8(ascii: ":")]
    }
    for rowIndex in rows {
      for (index, cell) in table.rows[rowIndex].enumerated() {
        out += prefixes[index]
        if table.columns[index].kind == .count, var cell {
          cell.withUTF8 { out.append(contentsOf: $0) }
        } else {
          JSONText.string(cell, into: &out)
        }
      }
      out.append(UInt8(ascii: "}"))
      if rowIndex < table.rows.count - 1 { out.append(UInt8(ascii: ",")) }
      out.append(0x0A)
    }
  }
}
