import Foundation
import Testing

@testable import CostRoll

@Suite struct ShardedAggregationTests {
  @Test func anyShardCountGivesTheSameReportSnapshotAndCounts() throws {
    let directory = TestDirectory()
    defer { directory.remove() }
    let lines = RunHarness.generatedLines(seed: 11)
    let sources = [
      directory.write("a.jsonl", lines: Array(lines.prefix(250))),
      directory.write("b.jsonl", lines: Array(lines.dropFirst(150))),
    ].map { InputSource(name: $0, path: $0) }
    let results = try sources.map { try SourceIngester.ingest($0) }
    let calendar = BucketCalendar(size: .hour, zone: TimeZone(identifier: "Asia/Kolkata")!, zoneName: "Asia/Kolkata")
    func report(_ shards: Int) -> (Table, Int, Int, [LineOrigin]) {
      let outcome = try! ShardedAggregation.run(
        results.map(\.events), sources: sources, shardCount: shards,
        make: { ReportAggregator(keys: [.userID, .unit], calendar: calendar, categories: .standard) },
        include: { _ in true })
      return (outcome.aggregate.table(), outcome.eventsUnique, outcome.duplicates, outcome.conflicts.map(\.origin))
    }
    func snapshot(_ shards: Int) -> Table {
      try! ShardedAggregation.run(
        results.map(\.events), sources: sources, shardCount: shards,
        make: { UserCostsSnapshot(categories: .standard, assignUnattributedTo: nil) },
        include: { _ in true }
      ).aggregate.table(calculatedAt: Instant(seconds: 0))
    }
    let one = report(1)
    #expect(one.2 > 0 && !one.3.isEmpty)
    for shards in [2, 3, 7] {
      let many = report(shards)
      #expect(many.0 == one.0)
      #expect(many.1 == one.1 && many.2 == one.2 && many.3 == one.3)
      #expect(snapshot(shards) == snapshot(1))
    }
  }
}
