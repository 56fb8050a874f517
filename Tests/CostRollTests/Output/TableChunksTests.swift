import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct TableChunksTests {
  /// A table of `count` rows, and the same rows cut into chunks at `cuts` (empty chunks too).
  private func table(rows count: Int, cuts: [Int]) -> (whole: Table, chunks: TableChunks) {
    let columns = [Table.Column("key", .key), Table.Column("n", .count), Table.Column("total", .decimal)]
    let rows: [[Table.Cell]] = (0..<count).map { index in
      [index % 3 == 0 ? nil : "k,\(index)", String(index), "0.\(index)"]
    }
    let bounds = [0] + cuts + [count]
    let chunks = TableChunks(columns: columns, chunkCount: bounds.count - 1) { chunk in
      Array(rows[bounds[chunk]..<bounds[chunk + 1]])
    }
    return (Table(columns: columns, rows: rows), chunks)
  }

  @Test(arguments: [
    (0, [Int]()), (0, [0, 0]), (1, []), (1, [0]), (1, [1, 1]), (5, [0, 2, 2, 5]), (7, [3]), (7, [1, 2, 3, 4, 5, 6]),
  ])
  func writtenChunksAreTheWholeTablesBytes(rows: Int, cuts: [Int]) throws {
    let (whole, chunks) = table(rows: rows, cuts: cuts)
    let directory = ScratchDirectory()
    defer { directory.remove() }
    try chunks.write([.csv, .json], to: [directory.path + "/t.csv", directory.path + "/t.json"])
    #expect(directory.read("t.csv") == CSVText.render(whole))
    // The JSON a whole table renders to, spelled row by row here.
    let objects = whole.rows.map { row in
      "{\"key\":\(row[0].map { "\"\($0)\"" } ?? "null"),\"n\":\(row[1]!),\"total\":\"\(row[2]!)\"}"
    }
    let json = objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    #expect(String(decoding: directory.read("t.json"), as: UTF8.self) == json)
    #expect(TableFormat.json.render(whole) == Array(json.utf8))
    #expect(chunks.table() == whole)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["t.csv", "t.json"])
  }

  @Test func aWriterDroppedBeforeItsCommitLeavesNothing() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    try AtomicFile.write(Array("old".utf8), to: directory.path + "/out.csv")
    do {
      let file = try AtomicFile.Writer(path: directory.path + "/out.csv")
      try file.append(Array("half".utf8))
    }
    #expect(directory.read("out.csv") == Array("old".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
  }
}
