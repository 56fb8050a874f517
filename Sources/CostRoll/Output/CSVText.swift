/// RFC 4180 CSV for spreadsheets: UTF-8, header row, comma, CRLF record ends; a cell is quoted
/// only when it holds `,`, `"`, CR or LF. A key cell starting with `=`, `+`, `-`, `@`, tab or
/// CR gets a leading `'` so that a spreadsheet never runs it as a formula (sorting uses the
/// raw value; JSON carries it raw).
public enum CSVText {
  public static func render(_ table: Table) -> [UInt8] {
    var out: [UInt8] = []
    appendRecord(table.columns.map(\.name), guarded: [], into: &out)
    let guarded = Set(table.columns.indices.filter { table.columns[$0].kind == .key })
    for row in table.rows { appendRecord(row.map { $0 ?? "" }, guarded: guarded, into: &out) }
    return out
  }

  private static func appendRecord(_ cells: [String], guarded: Set<Int>, into out: inout [UInt8]) {
    for (index, cell) in cells.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      var bytes = Array(cell.utf8)
      if guarded.contains(index), let first = bytes.first,
        [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first)
      {
        bytes.insert(UInt8(ascii: "'"), at: 0)
      }
      if bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
          if byte == UInt8(ascii: "\"") { out.append(byte) }
          out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
      } else {
        out += bytes
      }
    }
    out += [0x0D, 0x0A]
  }
}
