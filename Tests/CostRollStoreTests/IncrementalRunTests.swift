import CostRoll
import CostRollGenerator
import CostRollStore
import Foundation
import Testing

/// The invariant of nightly runs: whatever the split of the files into nights, the published
/// reports and snapshot equal one from-scratch run over every file, byte for byte.
@Suite struct IncrementalRunTests {
  /// Night `n`'s as-of instant: just after midnight UTC of 2026-11-(26 + n).
  static func asOf(night: Int) -> Instant {
    Instant(seconds: CivilDate(year: 2026, month: 11, day: 26).daysSinceEpoch * 86_400 + Int64(night) * 86_400 + 600)
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
  func anySplitIntoNightsEqualsFromScratch(seed: UInt64) throws {
    var random = SeededRandom(seed: seed)
    let files = PipelineHarness.generated(seed: seed)
    // Files arrive in a random order (late days, copies before originals) over 1–5 nights; one
    // file arrives again under a second name on a later night.
    let order = files.indices.shuffled(using: &random)
    let nights = Int.random(in: 1...5, using: &random)
    var deliveries: [[(EventGenerator.File, String)]] = Array(repeating: [], count: nights)
    for index in order {
      deliveries[Int.random(in: 0..<nights, using: &random)].append((files[index], files[index].name))
    }
    let again = files[Int.random(in: 0..<files.count, using: &random)]
    deliveries[nights - 1].append((again, "redelivered-" + again.name))

    let scratch = PipelineScratch()
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    var previousByBucket: [String: [UInt8]] = [:]
    for (night, delivered) in deliveries.enumerated() {
      for (file, name) in delivered { scratch.deliver(file, as: name) }
      // Odd seeds deduplicate in shards on disk (a budget of one byte), even seeds in memory.
      let outcome = try PipelineHarness.runNight(
        pipeline, asOf: Self.asOf(night: night), memoryBudgetBytes: seed % 2 == 1 ? 1 : RunPlan.defaultMemoryBudgetBytes
      )
      // Restatements account for every change to a bucket the previous night had published.
      let current = scratch.latest("by_user_service_day.csv")
      if let previous = previousByBucket["by_user_service_day.csv"] {
        let moved = RestatementCheck.movedTotal(previous: previous, current: current)
        let listed = RestatementCheck.sumOfDeltas(scratch.latest("restatements.csv"), report: "by_user_service_day")
        #expect(moved == listed, "night \(night): restatements do not account for the change")
      }
      previousByBucket["by_user_service_day.csv"] = current
      #expect(FileManager.default.fileExists(atPath: outcome.directory + "/run.json"))
    }

    try PipelineHarness.expectLatestEqualsFromScratch(
      pipeline, scratch, asOf: Self.asOf(night: nights - 1), "seed \(seed)")
    // Every line of every delivered file was counted exactly once (the redelivered copy is skipped).
    let lines = files.reduce(0) { $0 + $1.lines.count }
    let store = try SQLiteStateStore(path: pipeline.statePath)
    let runs = try store.read { (transaction) throws(CostRollError) in try transaction.runs() }
    #expect(runs.reduce(0) { $0 + $1.counts.linesRead } == lines)
    #expect(runs.count == nights)
  }

  @Test func aRunWithNothingNewRepublishesTheSameReports() throws {
    let scratch = PipelineScratch()
    for file in PipelineHarness.generated(seed: 9, days: 2) { scratch.deliver(file) }
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 0))
    let first = scratch.latest("by_user_service_day.csv")
    let second = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 0))
    #expect(second.summary.counts.linesRead == 0)
    #expect(second.skipped.count == 4)
    let same = scratch.latest("by_user_service_day.csv") == first
    #expect(same)
    #expect(
      scratch.latest("restatements.csv")
        == Array("report,keys,bucket_start,previous_total_usd,new_total_usd,delta_usd\r\n".utf8))
  }

  /// A file rewritten in place under the same name (more lines) is read again; its lines
  /// already ingested count as duplicates and nothing is counted twice.
  @Test func aFileRewrittenInPlaceIsReadAgain() throws {
    let scratch = PipelineScratch()
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    var file = PipelineHarness.generated(seed: 5, days: 1)[0]
    let firstLines = file.lines.count
    scratch.deliver(file)
    try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 0))
    file.lines += PipelineHarness.generated(seed: 6, days: 1)[0].lines
    scratch.deliver(file)
    let second = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 1))
    #expect(second.summary.counts.linesRead == file.lines.count)
    #expect(second.summary.duplicates >= firstLines - second.summary.counts.rejected - second.summary.conflicts)
    let third = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 2))
    #expect(third.summary.counts.linesRead == 0)
    #expect(third.skipped.count == 1)
    try PipelineHarness.expectLatestEqualsFromScratch(pipeline, scratch, asOf: Self.asOf(night: 2), "rewritten file")
  }

  /// A truncated delivery is ingested for its complete lines and recorded as truncated (exit
  /// status 3); when the whole file arrives under the same name, it is read again and nothing
  /// is counted twice.
  @Test func aDamagedFileIsRecordedAndReadAgainWhenItChanges() throws {
    let scratch = PipelineScratch()
    var pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    // The generated day has a few bad lines on purpose; this test is about the damaged file.
    pipeline.maxRejectRate = nil
    let file = PipelineHarness.generated(seed: 8, days: 1)[0]
    let whole = GzipWriter.member(Array((file.lines.joined(separator: "\n") + "\n").utf8))
    let path = scratch.drop + "/" + file.name
    _ = FileManager.default.createFile(atPath: path, contents: Data(whole.prefix(whole.count / 2)))
    let first = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 0))
    #expect(first.status == .damagedInput)
    let store = try SQLiteStateStore(path: pipeline.statePath)
    let manifest = try store.read { (transaction) throws(CostRollError) in try transaction.ingestedFiles() }
    #expect(manifest.map(\.status) == [.truncated])
    _ = FileManager.default.createFile(atPath: path, contents: Data(whole))
    let second = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 1))
    #expect(second.status == .clean)
    #expect(second.summary.counts.linesRead == file.lines.count)
    try PipelineHarness.expectLatestEqualsFromScratch(pipeline, scratch, asOf: Self.asOf(night: 1), "re-delivered file")
  }

  /// A file with a known path, size and modification time is taken as already ingested without
  /// being hashed again (the documented trade-off); `rehash` reads it again when its bytes changed.
  @Test func knownFilesSkipHashingUnlessRehashed() throws {
    let scratch = PipelineScratch()
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    let path = scratch.drop + "/one.jsonl"
    func write(_ quantity: Int) {
      let line = eventLineForStore(quantity: quantity)
      _ = FileManager.default.createFile(atPath: path, contents: Data((line + "\n").utf8))
    }
    write(1)
    try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 0))
    var info = stat()
    stat(path, &info)
    let times = [info.st_atim, info.st_mtim]
    write(2)  // same size, different bytes; then the old modification time again
    _ = times.withUnsafeBufferPointer { utimensat(AT_FDCWD, path, $0.baseAddress, 0) }
    let trusted = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 1))
    #expect(trusted.summary.counts.linesRead == 0)
    let lock = try StateLock(statePath: pipeline.statePath)
    defer { lock.release() }
    let store = try SQLiteStateStore(path: pipeline.statePath)
    let runner = PipelineRunner(logger: PipelineHarness.logger, quiet: true, rehash: true)
    let rehashed = try runner.run(pipeline, store: store, asOf: Self.asOf(night: 2))
    #expect(rehashed.summary.counts.linesRead == 1)
    #expect(rehashed.summary.conflicts == 1)
    // The kept copy's line is no longer in any file, so it counts as empty: the kept copy wins
    // the tie on created_at, and the new line is the conflict.
    #expect(rehashed.summary.totalCost == trusted.summary.totalCost)
    let conflicts = String(
      decoding: FileManager.default.contents(atPath: rehashed.directory + "/conflicts.jsonl")!, as: UTF8.self)
    #expect(conflicts.contains("\"line\":1,") && !conflicts.contains("\"raw\":\"\""))
  }

  /// A kept copy replaced on a later night is listed in `conflicts.jsonl` with its line, read
  /// again from its file: under a new name when the file was renamed (same content), and as an
  /// empty `raw` when no input holds it any more.
  @Test(arguments: [true, false]) func aReplacedKeptCopysLineIsReadAgainFromItsFile(renamed: Bool) throws {
    let scratch = PipelineScratch()
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    func line(quantity: Int, createdAt: String) -> String {
      String(eventLineForStore(quantity: quantity).dropLast()) + #","created_at":"\#(createdAt)"}"#
    }
    let kept = line(quantity: 1, createdAt: "2026-11-24T12:00:00Z")
    let first = scratch.drop + "/a.jsonl"
    _ = FileManager.default.createFile(atPath: first, contents: Data((kept + "\n").utf8))
    try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 0))
    if renamed {
      try FileManager.default.moveItem(atPath: first, toPath: scratch.drop + "/a-renamed.jsonl")
    } else {
      try FileManager.default.removeItem(atPath: first)
    }
    // An earlier created_at: this copy wins, and the kept copy becomes the conflict.
    let winner = line(quantity: 2, createdAt: "2026-11-24T11:00:00Z")
    _ = FileManager.default.createFile(atPath: scratch.drop + "/b.jsonl", contents: Data((winner + "\n").utf8))
    let outcome = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 1))
    #expect(outcome.summary.conflicts == 1)
    let conflicts = try #require(
      String(data: FileManager.default.contents(atPath: outcome.directory + "/conflicts.jsonl")!, encoding: .utf8))
    #expect(conflicts.contains("\"source\":\"\(first)\",\"line\":1,"), "\(conflicts)")
    var spelled: [UInt8] = []
    JSONText.string(Array(kept.utf8), into: &spelled)
    let raw = renamed ? String(decoding: spelled, as: UTF8.self) : "\"\""
    #expect(conflicts.contains("\"raw\":\(raw)}"), "\(conflicts)")
  }

  /// Changing a report's keys, zone or categories between nights rebuilds its stored cells from
  /// the kept events: the outputs follow the new definition at once.
  @Test func aChangedDefinitionRebuildsTheAggregates() throws {
    let scratch = PipelineScratch()
    let files = PipelineHarness.generated(seed: 21, days: 3)
    scratch.deliver(files[0])
    scratch.deliver(files[1])
    try PipelineHarness.runNight(try scratch.pipeline(PipelineHarness.yaml(scratch)), asOf: Self.asOf(night: 0))
    let changed =
      PipelineHarness.yaml(scratch)
      .replacingOccurrences(of: "time_zone: Europe/Berlin", with: "time_zone: America/New_York")
      .replacingOccurrences(of: "group_by: [user_id, service]", with: "group_by: [service, user_id]")
      + "\ncategories:\n  rules:\n    - service: \"gemini_*\"\n      category: ai\n  fallback: infra\n"
    let pipeline = try scratch.pipeline(changed)
    for file in files.dropFirst(2) { scratch.deliver(file) }
    try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 1))
    try PipelineHarness.expectLatestEqualsFromScratch(
      pipeline, scratch, asOf: Self.asOf(night: 1), "changed definition")
  }

  @Test func aLaterNightsWinningCopyMovesTheTotalAndIsRestated() throws {
    let scratch = PipelineScratch()
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    let user = "11111111-1111-4111-8111-111111111111"
    func line(created: String, cost: String) -> String {
      #"{"id":"22222222-2222-4222-8222-222222222222","timestamp":"2026-11-24T10:00:00Z","user_id":"\#(user)","event_type":"ai_api_call","service":"gemini_text","quantity":1,"unit":"tokens","total_cost_usd":"\#(cost)","created_at":"\#(created)"}"#
    }
    scratch.deliver(.init(name: "night1.jsonl.gz", lines: [line(created: "2026-11-24T10:00:05Z", cost: "1.5")]))
    try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 0))
    // The earlier-created copy arrives a night later: it wins, and the closed day moves.
    scratch.deliver(.init(name: "night2.jsonl.gz", lines: [line(created: "2026-11-24T10:00:01Z", cost: "2.25")]))
    let outcome = try PipelineHarness.runNight(pipeline, asOf: Self.asOf(night: 1))
    #expect(outcome.summary.conflicts == 1)
    // One row in each bucketed report: the day by user and service, the Berlin hour by category.
    #expect(outcome.restatements == 2)
    let restated = String(decoding: scratch.latest("restatements.csv"), as: UTF8.self)
    #expect(restated.contains("by_user_service_day,user_id=\(user);service=gemini_text,2026-11-24,1.5,2.25,0.75\r\n"))
    #expect(
      restated.contains("by_category_hour_last_3_days,category=ai_text,2026-11-24T11:00:00+01:00,1.5,2.25,0.75\r\n"))
    let conflicts = String(decoding: scratch.latest("conflicts.jsonl"), as: UTF8.self)
    #expect(conflicts.contains("night1.jsonl.gz"))
  }
}

/// Independent arithmetic for the restatement check (Foundation `Decimal`, exact for these
/// 18-digit fractions; the product never uses it).
enum RestatementCheck {
  static func rows(_ csv: [UInt8]) -> [[String]] {
    String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
      .map { $0.components(separatedBy: ",") }
  }

  /// Σ current − Σ previous over the buckets (column 2) the previous CSV had rows in (for an
  /// unwindowed report, whose buckets never leave the window).
  static func movedTotal(previous: [UInt8], current: [UInt8]) -> Decimal {
    let before = rows(previous)
    let after = rows(current)
    let shared = Set(before.map { $0[2] })
    func sum(_ rows: [[String]]) -> Decimal {
      rows.filter { shared.contains($0[2]) }.reduce(Decimal(0)) { $0 + Decimal(string: $1[$1.count - 1])! }
    }
    return sum(after) - sum(before)
  }

  static func sumOfDeltas(_ csv: [UInt8], report: String) -> Decimal {
    rows(csv).filter { $0[0] == report }.reduce(Decimal(0)) { $0 + Decimal(string: $1[$1.count - 1])! }
  }
}

/// One valid event line with the given quantity (one digit, so the line length stays the same).
func eventLineForStore(quantity: Int) -> String {
  #"{"id":"33333333-3333-4333-8333-333333333333","timestamp":"2026-11-24T10:00:00Z","user_id":null,"#
    + #""event_type":"x","service":"ses","quantity":\#(quantity),"unit":"emails","total_cost_usd":"0.1"}"#
}
