/// RFC 4180 CSV for spreadsheets: UTF-8, header row, comma, CRLF record ends; a cell is quoted
/// only when it holds `,`, `"`, CR or LF. A key cell starting with `=`, `+`, `-`, `@`, tab or
/// CR gets a leading `'` so that a spreadsheet never runs it as a formula (sorting uses the
/// raw value; JSON carries it raw).
public enum CSVText {
  public static func render(_ table: Table) -> [UInt8] {
    var out = header(table.columns)
    appendRows(table, 0..<table.rows.count, into: &out)
    return out
  }

  /// The header record.
  static func header(_ columns: [Table.Column]) -> [UInt8] {
    var out: [UInt8] = []
    for (index, column) in columns.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      var name = column.name
      name.withUTF8 { appendCell($0, guarded: false, into: &out) }
    }
    out += [0x0D, 0x0A]
    return out
  }

  /// The records of `rows`.
  static func appendRows(_ table: Table, _ rows: Range<Int>, into out: inout [UInt8]) {
    let guarded = table.columns.map { $0.kind == .key }
    for row in table.rows[rows] {
      for (index, cell) in row.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        guard var cell else { continue }
        cell.withUTF8 { appendCell($0, guarded: guarded[index], into: &out) }
      }
      out += [0x0D, 0x0A]
    }
  }

  /// One cell's bytes, quoted when needed and formula-guarded when `guarded` (a key cell).
  static func appendCell(_ bytes: UnsafeBufferPointer<UInt8>, guarded: Bool, into out: inout [UInt8]) {
    let formula =
      guarded
      && bytes.first.map {
        [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains($0)
      } ?? false
    let quoted = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
    if quoted { out.append(UInt8(ascii: "\"")) }
    if formula { out.append(UInt8(ascii: "'")) }
    if quoted {
      for byte in bytes {
        if byte == UInt8(ascii: "\"") { out.append(byte) }
        out.append(byte)
      }
      out.append(UInt8(ascii: "\""))
    } else {
      out.append(contentsOf: bytes)
    }
  }
}
