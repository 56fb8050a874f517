import CostRoll
import CostRollGenerator
import Foundation
import GRDB
import Testing

@testable import CostRollStore

@Suite struct StoreMigrationTests {
  static let all = [
    "v1: manifest, kept events, published rows, runs", "v2: index kept events by user for costroll events",
    "v3: when each file was ingested", "v4: partial aggregates instead of published rows",
    "v5: file modification times, to skip hashing files already read",
  ]

  @Test func anEmptyStoreGetsEveryMigration() throws {
    let scratch = PipelineScratch()
    let store = try SQLiteStateStore(path: scratch.state)
    #expect(try store.appliedMigrations() == Self.all)
    #expect(try store.read { (transaction) throws(CostRollError) in try transaction.keptCount() } == 0)
  }

  /// A store written by the first schema (v1 only) opens, migrates and keeps its data.
  @Test func aPreviousVersionStoreMigratesAndKeepsItsData() throws {
    let scratch = PipelineScratch()
    try FileManager.default.createDirectory(
      atPath: (scratch.state as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let queue = try DatabaseQueue(path: scratch.state)
    try StoreMigrations.migrator.migrate(queue, upTo: Self.all[0])
    let event = StoredEvent(
      event: CostEvent(
        id: .text(ByteString("evt-1")), timestamp: Instant(seconds: 1_795_000_000), createdAt: nil,
        userID: UUIDValue("11111111-1111-4111-8111-111111111111"), podcastID: nil, episodeID: nil,
        eventType: ByteString("x"), service: ByteString("ses"), unit: ByteString("emails"),
        quantity: FixedDecimal(units: 1_000_000_000_000_000_000), unitCost: nil,
        totalCost: FixedDecimal(units: 100_000_000_000_000), origin: LineOrigin(source: "old.gz", line: 7)),
      raw: Array("{}".utf8))
    try queue.write { db in
      // The v1 manifest had no ingested_at column.
      try db.execute(
        sql: """
          INSERT INTO ingested_file (content_hash, path, bytes, status, detail, lines_read, blank_lines, events_valid,
            rejected, counts_json, run_id) VALUES ('abc', 'old.gz', 10, 'ok', NULL, 1, 0, 1, 0, '{}', 1)
          """)
      try db.execute(sql: KeptEventRow.upsertSQL, arguments: KeptEventRow.arguments(for: event))
    }
    try queue.close()

    let store = try SQLiteStateStore(path: scratch.state)
    #expect(try store.appliedMigrations() == Self.all)
    let (files, page) = try store.read { (transaction) throws(CostRollError) in
      (
        try transaction.ingestedFiles(),
        try transaction.keptEvents(user: UUIDValue("11111111-1111-4111-8111-111111111111"), limit: 10, offset: 0)
      )
    }
    #expect(files.map(\.path) == ["old.gz"])
    #expect(page.total == 1)
    #expect(page.events.first?.event.totalCost.description == "0.0001")
    #expect(page.events.first?.event.origin == LineOrigin(source: "old.gz", line: 7))
    let indexed = try DatabaseQueue(path: scratch.state).read { db in
      try db.indexes(on: "kept_event").map(\.name)
    }
    #expect(indexed.contains("kept_event_by_user"))
  }
}

@Suite struct StateLockTests {
  @Test func aSecondRunIsRefusedUntilTheFirstReleases() throws {
    let scratch = PipelineScratch()
    let first = try StateLock(statePath: scratch.state)
    #expect(throws: CostRollError.locked(path: scratch.state)) { try StateLock(statePath: scratch.state) }
    #expect(throws: CostRollError.locked(path: scratch.state)) {
      try StateLock(statePath: scratch.state, waitSeconds: 0.3)
    }
    first.release()
    let second = try StateLock(statePath: scratch.state)
    second.release()
  }
}

@Suite struct EventsPaginationTests {
  @Test func pagesCoverEveryEventOnceNewestFirst() throws {
    let scratch = PipelineScratch()
    for file in PipelineHarness.generated(seed: 3, days: 2) { scratch.deliver(file) }
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    try PipelineHarness.runNight(pipeline, asOf: Instant(seconds: 1_796_000_000))
    let store = try SQLiteStateStore(path: pipeline.statePath)
    // The heaviest user: the one with the most kept events.
    var perUser: [UUIDValue: Int] = [:]
    try store.read { (transaction) throws(CostRollError) in
      try transaction.forEachKept { event in if let user = event.userID { perUser[user, default: 0] += 1 } }
    }
    let (user, count) = try #require(perUser.max { $0.value < $1.value })
    var seen: [StoredEvent] = []
    var offset = 0
    while true {
      let page = try store.read { (transaction) throws(CostRollError) in
        try transaction.keptEvents(user: user, limit: 7, offset: offset)
      }
      #expect(page.total == count)
      if page.events.isEmpty { break }
      #expect(page.events.count <= 7)
      seen += page.events
      offset += page.events.count
    }
    #expect(seen.count == count)
    #expect(Set(seen.map(\.event.id)).count == count)
    #expect(seen.allSatisfy { $0.event.userID == user })
    let times = seen.map(\.event.timestamp)
    #expect(zip(times, times.dropFirst()).allSatisfy { !($0 < $1) })
    let listing = EventListing(user: user, total: count, limit: 7, offset: 0, events: Array(seen.prefix(7)))
    let json = String(decoding: listing.json(), as: UTF8.self)
    #expect(json.contains("\"total_count\":\(count),\"limit\":7,\"offset\":0,\"next_offset\":7"))
  }
}
