/// The file formats a table can be written in.
public enum TableFormat: String, CaseIterable, Sendable {
  case csv, json

  /// The file extension.
  public var fileExtension: String { rawValue }

  /// `table` in this format.
  public func render(_ table: Table) -> [UInt8] {
    switch self {
    case .csv: return CSVText.render(table)
    case .json: return Self.renderJSON(table)
    }
  }

  /// An array of objects keyed by column name, one object per line; decimals and text as
  /// strings, counts as numbers, nulls as null.
  static func renderJSON(_ table: Table) -> [UInt8] {
    guard !table.rows.isEmpty else { return Array("[]\n".utf8) }
    var out: [UInt8] = [UInt8(ascii: "["), 0x0A]
    // Each member's `"name":` prefix is spelled once; cells are written straight into `out`.
    let prefixes = table.columns.enumerated().map { index, column -> [UInt8] in
      var prefix: [UInt8] = index == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: ",")]
      JSONText.string(column.name.utf8, into: &prefix)
      return prefix + [UInt8(ascii: ":")]
    }
    for (rowIndex, row) in table.rows.enumerated() {
      for (index, cell) in row.enumerated() {
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
    out += [UInt8(ascii: "]"), 0x0A]
    return out
  }
}
