import CostRollGenerator
import CostRollTestSupport
import Foundation
import GRDB
import Testing

@testable import CostRoll
@testable import CostRollStore

@Suite struct StoreMigrationTests {
  static let all = [
    "v1: manifest, kept events, published rows, runs", "v2: index kept events by user for costroll events",
    "v3: when each file was ingested", "v4: partial aggregates instead of published rows",
    "v5: file modification times, to skip hashing files already read",
    "v6: kept events as compact records, without their lines",
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
    let event = CostEvent(
      id: .text(ByteString("evt-1")), timestamp: Instant(seconds: 1_795_000_000), createdAt: nil,
      userID: UUIDValue("11111111-1111-4111-8111-111111111111"), podcastID: nil, episodeID: nil,
      eventType: ByteString("x"), service: ByteString("ses"), unit: ByteString("emails"),
      quantity: FixedDecimal(units: 1_000_000_000_000_000_000), unitCost: nil,
      totalCost: FixedDecimal(units: 100_000_000_000_000), origin: LineOrigin(source: "old.gz", line: 7))
    var record: [UInt8] = []
    EventRecord.append(event, sourceIndex: 0, to: &record)
    try queue.write { db in
      // The v1 manifest had no ingested_at column.
      try db.execute(
        sql: """
          INSERT INTO ingested_file (content_hash, path, bytes, status, detail, lines_read, blank_lines, events_valid,
            rejected, counts_json, run_id) VALUES ('abc', 'old.gz', 10, 'ok', NULL, 1, 0, 1, 0, '{}', 1)
          """)
      try db.execute(
        sql: """
          INSERT INTO kept_event (id, user_id, timestamp_seconds, timestamp_nanos, source, line, raw, record)
          VALUES ('evt-1', '11111111-1111-4111-8111-111111111111', 1795000000, 0, 'old.gz', 7, ?, ?)
          """, arguments: [Data("{}".utf8), Data(record)])
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
    #expect(page.events.first?.lineHash == Array("{}".utf8).withUnsafeBufferPointer { LineHash.of($0) })
    let tables = try DatabaseQueue(path: scratch.state).read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master")
    }
    #expect(tables.contains("kept_by_user") && tables.contains("kept_part"))
    #expect(!tables.contains("kept_event"))
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

/// A state store written by release 0.4.0 (lines kept whole in `kept_event`), committed under
/// `Fixtures/store-0.4.0/` with its pipeline: one night over the first day of `sample-data/`
/// (a report by user × service × day in UTC, an hourly one by category in New York, the
/// snapshot).
@Suite struct ReleasedStoreUpgradeTests {
  /// The pipeline directory: the fixture's pipeline and store, and `sample-data/` days in `drop/`.
  static func pipelineDirectory(days: [String], withFixtureStore: Bool) throws -> ScratchDirectory {
    let scratch = ScratchDirectory(prefix: "costroll-upgrade")
    let fixture = Repository.fixtures(of: "CostRollStoreTests").appendingPathComponent("store-0.4.0").path
    try FileManager.default.copyItem(atPath: fixture + "/pipeline.yml", toPath: scratch.path("pipeline.yml"))
    if withFixtureStore {
      let unzip = try ChildOutput.run(
        "/bin/sh", ["-c", "gzip -dc \"$0\" > \"$1\"", fixture + "/state.sqlite.gz", scratch.path("state.sqlite")])
      #expect(unzip.status == 0, "\(unzip.errors)")
    }
    try FileManager.default.createDirectory(atPath: scratch.path("drop"), withIntermediateDirectories: true)
    for day in days {
      for kind in ["ai", "infra"] {
        let name = "events-\(day)-\(kind).jsonl.gz"
        try FileManager.default.copyItem(
          atPath: Repository.url("sample-data/" + name).path, toPath: scratch.path("drop/" + name))
      }
    }
    return scratch
  }

  static func night(_ directory: ScratchDirectory, asOf: Instant) throws {
    let pipeline = try PipelineFile.load(directory.path("pipeline.yml"))
    _ = try PipelineHarness.runNight(pipeline, asOf: asOf)
  }

  /// The released store is upgraded on open, keeps its events, and the next night publishes
  /// exactly what a store made by this version over the same nights publishes.
  @Test func aReleasedStoreUpgradesAndTheNextNightMatchesANewStore() throws {
    let days = ["2026-11-22", "2026-11-23", "2026-11-24"]
    let upgraded = try Self.pipelineDirectory(days: days, withFixtureStore: true)
    let store = try SQLiteStateStore(path: upgraded.path("state.sqlite"))
    #expect(try store.appliedMigrations() == StoreMigrationTests.all)
    let runs = try store.read { (transaction) throws(CostRollError) in try transaction.runs() }
    let kept = try store.read { (transaction) throws(CostRollError) in try transaction.keptCount() }
    #expect(runs.count == 1)
    #expect(kept == runs.first?.eventsUnique)
    // The space the lines took was given back when the store was upgraded.
    let (free, pages) = try DatabaseQueue(path: upgraded.path("state.sqlite")).read { db in
      (try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0)
    }
    #expect(free * 10 < pages, "\(free) of \(pages) pages free")
    let firstAsOf = try #require(runs.first.flatMap { InstantText.parse($0.asOf) })
    let nextAsOf = Instant(seconds: firstAsOf.seconds + 86_400)
    try Self.night(upgraded, asOf: nextAsOf)

    let fresh = try Self.pipelineDirectory(days: [days[0]], withFixtureStore: false)
    try Self.night(fresh, asOf: firstAsOf)
    for day in days.dropFirst() {
      for kind in ["ai", "infra"] {
        let name = "events-\(day)-\(kind).jsonl.gz"
        try FileManager.default.copyItem(
          atPath: Repository.url("sample-data/" + name).path, toPath: fresh.path("drop/" + name))
      }
    }
    try Self.night(fresh, asOf: nextAsOf)

    let names = fresh.names(in: "out/latest").filter { $0 != "run.json" }
    #expect(names.count >= 8)
    #expect(upgraded.names(in: "out/latest").filter { $0 != "run.json" } == names)
    // The released run named its inputs relative to its directory, these runs by absolute
    // paths: outputs are compared with each run's directory taken out of the names.
    func relative(_ name: String, in directory: ScratchDirectory) -> String {
      String(decoding: directory.read("out/latest/" + name), as: UTF8.self)
        .replacingOccurrences(of: directory.path + "/", with: "")
    }
    for name in names {
      #expect(relative(name, in: upgraded) == relative(name, in: fresh), "\(name) differs")
    }
  }
}
