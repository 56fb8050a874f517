import Foundation
import Testing

@testable import CostRoll

/// `conflicts.jsonl` is spelled from disk in (source, line) order, whatever order the cores found
/// the conflicts in and however many sorted runs they wrote.
@Suite struct ConflictSpoolTests {
  func conflict(_ source: String, _ line: Int) -> Conflict {
    Conflict(
      id: .text(ByteString("id-\(line)")), origin: LineOrigin(source: source, line: line),
      kept: LineOrigin(source: "a.jsonl", line: 1), raw: Array("{\"q\":\(line)}".utf8))
  }

  /// Three writers, runs of a few records each (tiny `runBytes`), conflicts in shuffled order,
  /// source names whose byte-wise order is not their argument order, and a file given twice
  /// (the same origin from two copies): the same bytes as sorting the conflicts in memory.
  @Test func mergedRunsMatchOneSort() throws {
    let names = ["b.jsonl", "a.jsonl", "B.jsonl", "b.jsonl"]
    let spool = try ConflictSpool(sourceNames: names, runBytes: 300)
    defer { spool.remove() }
    var conflicts = (1...400).map { conflict(names[$0 % 3], $0 * 7 % 1_000) }
    conflicts += conflicts.prefix(20)
    var generator = SystemRandomNumberGenerator()
    conflicts.shuffle(using: &generator)
    let writers = (0..<3).map { spool.writer(worker: $0) }
    for (index, conflict) in conflicts.enumerated() { try writers[index % 3].append(conflict) }
    for writer in writers { try writer.close() }
    var written: [UInt8] = []
    var pieces = 0
    try spool.write { piece in
      written += piece
      pieces += 1
    }
    let expected = conflicts.sorted { $0.origin < $1.origin }.flatMap(LineRecords.conflictLine)
    #expect(written == expected)
    #expect(pieces >= 1)
  }

  @Test func noConflictsWriteNothing() throws {
    let spool = try ConflictSpool(sourceNames: ["a"])
    defer { spool.remove() }
    try spool.writer(worker: 0).close()
    var written: [UInt8] = []
    try spool.write { written += $0 }
    #expect(written.isEmpty)
  }
}
