import Testing

@testable import CostRoll

@Suite struct CSVTextTests {
  @Test func quotesOnlyWhenNeededAndGuardsFormulasInKeyCells() {
    let table = Table(
      columns: [Table.Column("service", .key), Table.Column("bucket_start", .text), Table.Column("total", .decimal)],
      rows: [
        ["=SUM(A1)", "-x", "1"], ["+1", "a", "2"], ["-1", "a", "3"], ["@x", "a", "4"], ["\tx", "a", "5"],
        ["\rx", "a", "6"], ["a,b", "a", "7"], ["say \"hi\"", "a", "8"], ["line\nbreak", "a", "9"], [nil, nil, "0"],
      ])
    let csv = String(decoding: CSVText.render(table), as: UTF8.self)
    let expected =
      [
        "service,bucket_start,total", "'=SUM(A1),-x,1", "'+1,a,2", "'-1,a,3", "'@x,a,4", "'\tx,a,5", "\"'\rx\",a,6",
        "\"a,b\",a,7", "\"say \"\"hi\"\"\",a,8", "\"line\nbreak\",a,9", ",,0",
      ].joined(separator: "\r\n") + "\r\n"
    #expect(csv == expected)
  }

  @Test func jsonCarriesRawValuesAndTypes() {
    let table = Table(
      columns: [Table.Column("service", .key), Table.Column("event_count", .count), Table.Column("total", .decimal)],
      rows: [["=x\"\u{1}", "3", "0.5"], [nil, "0", "0"]])
    let json = String(decoding: TableFormat.json.render(table), as: UTF8.self)
    #expect(
      json == "[\n{\"service\":\"=x\\\"\\u0001\",\"event_count\":3,\"total\":\"0.5\"},\n"
        + "{\"service\":null,\"event_count\":0,\"total\":\"0\"}\n]\n")
    #expect(String(decoding: TableFormat.json.render(Table(columns: table.columns)), as: UTF8.self) == "[]\n")
  }

  @Test func bigTablesRenderedInChunksMatchRowByRowSpelling() {
    // More rows than one chunk holds, and a count that does not divide evenly into chunks.
    let count = TableFormat.chunkRows * 2 + 7
    let columns = [Table.Column("key", .key), Table.Column("n", .count), Table.Column("total", .decimal)]
    let rows: [[Table.Cell]] = (0..<count).map { index in
      [index % 5 == 0 ? nil : index % 7 == 0 ? "=x,\(index)" : "k\(index)", String(index), "\(index).5"]
    }
    let table = Table(columns: columns, rows: rows)
    var csv = "key,n,total\r\n"
    var json = "[\n"
    for (index, row) in rows.enumerated() {
      let key = row[0].map { index % 7 == 0 ? "\"'\($0)\"" : $0 } ?? ""
      csv += "\(key),\(index),\(index).5\r\n"
      let jsonKey = row[0].map { "\"\($0)\"" } ?? "null"
      json += "{\"key\":\(jsonKey),\"n\":\(index),\"total\":\"\(index).5\"}" + (index < count - 1 ? ",\n" : "\n")
    }
    json += "]\n"
    #expect(String(decoding: TableFormat.csv.render(table), as: UTF8.self) == csv)
    #expect(String(decoding: TableFormat.json.render(table), as: UTF8.self) == json)
  }
}
