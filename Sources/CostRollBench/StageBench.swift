import CostRoll
import Foundation
import Logging

/// Times costroll's stages alone, each adding one step to the one before, in this process:
/// decompress + split, + decode and validate, + dedup, + aggregate.
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

  func run() throws -> Report {
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
    let (results, decodeTime) = try StageTimer.measure {
      try ParallelWork.map(count: sources.count) { index throws(CostRollError) in
        try SourceIngester.ingest(sources[index])
      }
    }
    let (dedup, dedupTime) = StageTimer.measure {
      var deduplicator = Deduplicator(expectedCount: results.reduce(0) { $0 + $1.events.count })
      for result in results { for event in result.events { deduplicator.insert(event) } }
      return deduplicator.finish()
    }
    let (_, aggregateTime) = StageTimer.measure {
      var aggregator = ReportAggregator(
        keys: [.userID, .service],
        calendar: BucketCalendar(size: .day, zone: TimeZone(identifier: "UTC")!, zoneName: "UTC"),
        categories: .standard)
      for event in dedup.unique { aggregator.add(event) }
      return aggregator.table().rows.count
    }
    func total(_ parts: StageTimer.Measurement...) -> StageTimer.Measurement {
      StageTimer.Measurement(
        wallSeconds: parts.map(\.wallSeconds).reduce(0, +), cpuSeconds: parts.map(\.cpuSeconds).reduce(0, +))
    }
    print(
      "\(sources.count) files, \(lines) lines, \(String(format: "%.0f", Double(jsonBytes) / 1e6)) MB of JSON, "
        + "\(dedup.unique.count) unique events")
    return Report(
      rows: [
        row("decompress + split", splitTime),
        row("+ decode, validate", total(splitTime, decodeTime)),
        row("+ dedup", total(splitTime, decodeTime, dedupTime)),
        row("+ aggregate", total(splitTime, decodeTime, dedupTime, aggregateTime)),
      ], lines: lines, jsonBytes: jsonBytes, splitWallSeconds: splitTime.wallSeconds)
  }
}
