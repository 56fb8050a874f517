import CostRoll
import Foundation
import Logging

/// Times costroll's stages alone, each adding one step to the one before, in this process:
/// decompress + split, + the JSON grammar check, + decoding and validating the fields (and
/// writing shard records), + dedup and aggregate, + sorting the rows.
///
/// The first three each read the files again, so each of their rows is one measured run of
/// everything up to that stage; the last two rows add the measured time of their own stage to
/// the row before.
struct StageBench {
  let inputs: [String]

  struct Report {
    var rows: [String]
    var lines: Int
    var jsonBytes: Int
    var splitWallSeconds: Double

    func row(_ name: String, _ run: ChildRun) -> String {
      String(
        format: "| %@ | %.2f | %.2f | %.0f | %.0f | %.0f |", name, run.wallSeconds, run.cpuSeconds,
        Double(lines) / run.wallSeconds, Double(jsonBytes) / 1e6 / run.wallSeconds, run.peakMegabytes)
    }
  }

  /// Times the stages; with `stages` false only decompress + split (for the per-event rates).
  func run(stages: Bool = true) throws -> Report {
    let sources = try InputExpander.expand(inputs)
    let (split, splitTime) = try StageTimer.measure {
      try ParallelWork.map(count: sources.count) { index throws(CostRollError) -> (lines: Int, bytes: Int) in
        var bytes = 0
        let file = try SourceLineReader.read(sources[index]) { piece in
          if case .line(let line, _) = piece { bytes += line.count + 1 }
        }
        return (file.lines, bytes)
      }
    }
    let lines = split.map(\.lines).reduce(0, +)
    let jsonBytes = split.map(\.bytes).reduce(0, +)
    func row(_ name: String, _ time: StageTimer.Measurement) -> String {
      String(
        format: "| %@ | %.2f | %.2f | %.0f | %.0f | |", name, time.wallSeconds, time.cpuSeconds,
        Double(lines) / time.wallSeconds, Double(jsonBytes) / 1e6 / time.wallSeconds)
    }
    guard stages else {
      return Report(
        rows: [row("decompress + split", splitTime)], lines: lines, jsonBytes: jsonBytes,
        splitWallSeconds: splitTime.wallSeconds)
    }
    // The strict JSON scan alone, on every line.
    let (_, scanTime) = try StageTimer.measure {
      try ParallelWork.map(count: sources.count) { index throws(CostRollError) -> Int in
        var decoder = EventDecoder()
        var accepted = 0
        _ = try SourceLineReader.read(sources[index]) { piece in
          if case .line(let line, _) = piece, decoder.isAcceptableJSONObject(line) { accepted += 1 }
        }
        return accepted
      }
    }
    // Decode into in-memory id-hash shards of compact records, as `costroll report` does.
    let spill = EventShards(inMemoryShardCount: SpillDecision.inMemoryShardCount)
    defer { spill.remove() }
    let spool = try LineSpool(
      filterBytes: SeenIDFilter.byteCount(
        forJSONBytes: SpillDecision.estimatedJSONBytes(of: sources), budgetBytes: RunPlan.defaultMemoryBudgetBytes))
    defer { spool.remove() }
    let conflicts = try ConflictSpool(sourceNames: sources.map(\.name))
    defer { conflicts.remove() }
    let (_, decodeTime) = try StageTimer.measure {
      try ParallelWork.map(count: sources.count) { index throws(CostRollError) in
        try SourceIngester.ingest(sources[index], into: spill.writer(source: index), lines: spool.writer(source: index))
      }
    }
    let calendar = BucketCalendar(size: .day, zone: TimeZone(identifier: "UTC")!, zoneName: "UTC")
    let (outcome, dedupTime) = try StageTimer.measure {
      try ShardedAggregation.run(
        shards: spill, lines: spool, sources: sources,
        make: { ReportAggregator(keys: [.userID, .service], calendar: calendar, categories: .standard) },
        include: { _ in true }, conflicts: conflicts)
    }
    let (_, tableTime) = StageTimer.measure { outcome.aggregate.table().rows.count }
    print(
      "\(sources.count) files, \(lines) lines, \(String(format: "%.0f", Double(jsonBytes) / 1e6)) MB of JSON, "
        + "\(outcome.eventsUnique) unique events")
    let timed = Self.stageRows(split: splitTime, scan: scanTime, decode: decodeTime, dedup: dedupTime, table: tableTime)
    return Report(
      rows: timed.map { row($0.name, $0.time) }, lines: lines, jsonBytes: jsonBytes,
      splitWallSeconds: splitTime.wallSeconds)
  }

  /// The table's rows from each stage's own measurement. `split`, `scan` and `decode` each read
  /// the files, so each is already a run of everything up to its stage; `dedup` and `table`
  /// run on `decode`'s shards and are added to it.
  static func stageRows(
    split: StageTimer.Measurement, scan: StageTimer.Measurement, decode: StageTimer.Measurement,
    dedup: StageTimer.Measurement, table: StageTimer.Measurement
  ) -> [(name: String, time: StageTimer.Measurement)] {
    [
      ("decompress + split", split),
      ("+ JSON grammar (strict scan)", scan),
      ("+ fields, validate, shard", decode),
      ("+ dedup and aggregate (sharded)", decode + dedup),
      ("+ sort rows into the table", decode + dedup + table),
    ]
  }
}
