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
    for (rowIndex, row) in table.rows.enumerated() {
      let members = zip(table.columns, row).map { column, cell -> (String, [UInt8]) in
        if column.kind == .count, let cell { return (column.name, Array(cell.utf8)) }
        return (column.name, JSONText.quoted(cell))
      }
      out += JSONText.object(members)
      if rowIndex < table.rows.count - 1 { out.append(UInt8(ascii: ",")) }
      out.append(0x0A)
    }
    out += [UInt8(ascii: "]"), 0x0A]
    return out
  }
}
