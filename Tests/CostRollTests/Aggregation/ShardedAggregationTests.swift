import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct ShardedAggregationTests {
  @Test func anyShardCountGivesTheSameReportSnapshotAndCounts() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let lines = RunHarness.generatedLines(seed: 11)
    let sources = [
      directory.write("a.jsonl", lines: Array(lines.prefix(250))),
      directory.write("b.jsonl", lines: Array(lines.dropFirst(150))),
    ].map { InputSource(name: $0, path: $0) }
    let spool = try LineSpool()
    defer { spool.remove() }
    /// The sources read into `shards` in-memory shards, or (`onDisk`) into shard files.
    func spill(_ shards: Int, onDisk: Bool = false) -> EventShards {
      let spill = onDisk ? try! EventShards(shardCount: shards) : EventShards(inMemoryShardCount: shards)
      for (index, source) in sources.enumerated() {
        _ = try! SourceIngester.ingest(source, into: spill.writer(source: index), lines: spool.writer(source: index))
      }
      return spill
    }
    let calendar = BucketCalendar(size: .hour, zone: TimeZone(identifier: "Asia/Kolkata")!, zoneName: "Asia/Kolkata")
    /// The report, the unique and duplicate counts, and `conflicts.jsonl`'s lines from the
    /// conflict spool (tiny runs, so that several are merged), after checking their count.
    func report(_ shards: Int, onDisk: Bool = false) -> (Table, Int, Int, [Substring]) {
      let spill = spill(shards, onDisk: onDisk)
      defer { spill.remove() }
      let conflicts = try! ConflictSpool(sourceNames: sources.map(\.name), runBytes: 1_000)
      defer { conflicts.remove() }
      let outcome = try! ShardedAggregation.run(
        shards: spill, lines: spool, sources: sources,
        make: { ReportAggregator(keys: [.userID, .unit], calendar: calendar, categories: .standard) },
        include: { _ in true }, conflicts: conflicts)
      if let directory = spill.directory {
        // Each shard's files are deleted as soon as they are loaded (their page cache is free
        // for the rest of the run).
        #expect((try? FileManager.default.contentsOfDirectory(atPath: directory)) == [])
      }
      var bytes: [UInt8] = []
      try! conflicts.write { bytes += $0 }
      let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
      #expect(lines.count == outcome.conflictCount)
      return (outcome.aggregate.table(), outcome.eventsUnique, outcome.duplicates, lines)
    }
    func snapshot(_ shards: Int) -> Table {
      let spill = spill(shards)
      defer { spill.remove() }
      let conflicts = try! ConflictSpool(sourceNames: sources.map(\.name))
      defer { conflicts.remove() }
      return try! ShardedAggregation.run(
        shards: spill, lines: spool, sources: sources,
        make: { UserCostsSnapshot(categories: .standard, assignUnattributedTo: nil) },
        include: { _ in true }, conflicts: conflicts
      ).aggregate.table(calculatedAt: Instant(seconds: 0))
    }
    let one = report(1)
    #expect(one.2 > 0 && !one.3.isEmpty)
    for (shards, onDisk) in [(2, false), (3, true), (7, false), (16, true)] {
      let many = report(shards, onDisk: onDisk)
      #expect(many.0 == one.0)
      #expect(many.1 == one.1 && many.2 == one.2 && many.3 == one.3)
      #expect(snapshot(shards) == snapshot(1))
    }
  }

  /// The spool keeps a line only when its id may have come before. A conflicting copy read
  /// before the copy that beats it was not kept, so its line is read again from its file; an
  /// exact duplicate tied with the winner needs no line (the hashes agree); a second file read
  /// later has all its repeated ids' lines kept. Every conflict is named with its own line.
  @Test func linesTheSpoolDidNotKeepAreReadAgain() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let winner = eventLine(["id": "\"a\"", "created_at": "\"2026-11-24T13:00:00Z\""])
    let loser = eventLine(["id": "\"a\"", "quantity": "5", "created_at": "\"2026-11-24T14:00:00Z\""])
    let other = eventLine(["id": "\"b\"", "quantity": "7", "created_at": "\"2026-11-24T15:00:00Z\""])
    let otherWinner = eventLine(["id": "\"b\"", "created_at": "\"2026-11-24T12:00:00Z\""])
    let first = directory.write("1.jsonl", lines: [loser, eventLine(["id": "\"c\""]), winner, winner])
    let second = directory.write("2.jsonl", lines: [otherWinner, other, loser])
    let sources = [first, second].map { InputSource(name: $0, path: $0) }
    let spool = try LineSpool(filterBytes: 1 << 16)
    defer { spool.remove() }
    let spill = EventShards(inMemoryShardCount: 4)
    defer { spill.remove() }
    for (index, source) in sources.enumerated() {
      _ = try SourceIngester.ingest(source, into: spill.writer(source: index), lines: spool.writer(source: index))
    }
    // The first file's loser (its id's first copy) is not in the spool.
    #expect(try spool.fetch([LineOrigin(source: first, line: 1)], sourceNames: [first, second]).isEmpty)
    let conflicts = try ConflictSpool(sourceNames: [first, second])
    defer { conflicts.remove() }
    let outcome = try ShardedAggregation.run(
      shards: spill, lines: spool, sources: sources,
      make: { ReportAggregator(keys: [], calendar: nil, categories: .standard) }, include: { _ in true },
      conflicts: conflicts)
    #expect(outcome.eventsUnique == 3)
    #expect(outcome.duplicates == 1)
    #expect(outcome.conflictCount == 3)
    var bytes: [UInt8] = []
    try conflicts.write { bytes += $0 }
    let records = try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
    #expect(records.map { "\($0["source"]!):\($0["line"]!)" } == ["\(first):1", "\(second):2", "\(second):3"])
    #expect(records.map { $0["raw"] as? String } == [loser, other, loser])
    #expect(records.map { $0["kept_line"] as? Int } == [3, 1, 3])
  }
}
