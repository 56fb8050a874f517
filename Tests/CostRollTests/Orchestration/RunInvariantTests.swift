import CostRollGenerator
import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

/// Property tests over generated data: order independence, line accounting, exact totals.
@Suite struct RunInvariantTests {
  /// Splits `lines` into `fileCount` files in a seeded random order; some gzip, some plain.
  func writeShuffled(_ lines: [String], seed: UInt64, fileCount: Int, into directory: ScratchDirectory) -> [String] {
    var random = SeededRandom(seed: seed)
    let shuffled = lines.shuffled(using: &random)
    var buckets = [[String]](repeating: [], count: fileCount)
    for (index, line) in shuffled.enumerated() { buckets[index % fileCount].append(line) }
    return buckets.enumerated().map { index, bucket in
      directory.write("part-\(seed)-\(index).jsonl", lines: bucket, gzip: index % 2 == 0)
    }
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func reportsAreTheSameForAnySplitAndOrderOfTheLines(seed: UInt64) throws {
    let lines = RunHarness.generatedLines(seed: seed)
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let first = writeShuffled(lines, seed: seed * 100, fileCount: 3, into: directory)
    let second = writeShuffled(lines, seed: seed * 100 + 1, fileCount: 5, into: directory)
    for job in [
      RunHarness.report(), RunHarness.report(keys: [.category, .unit], bucket: .hour, zone: "Europe/Berlin"),
      RunHarness.snapshot,
    ] {
      let a = try RunHarness.run(first, job: job)
      let b = try RunHarness.run(second, job: job)
      for name in ["report.csv", "report.json", "user_costs.csv", "user_costs.json"] where a.files[name] != nil {
        #expect(a.files[name] == b.files[name], "\(name) differs")
      }
      var summaryA = a.outcome.summary
      var summaryB = b.outcome.summary
      summaryA.files = []
      summaryB.files = []
      #expect(summaryA == summaryB)
    }
  }

  @Test(arguments: [4, 5] as [UInt64])
  func argumentOrderNeverChangesAnyOutputByte(seed: UInt64) throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let paths = writeShuffled(RunHarness.generatedLines(seed: seed), seed: seed, fileCount: 4, into: directory)
    var random = SeededRandom(seed: seed)
    for job in [RunHarness.report(), RunHarness.snapshot] {
      let a = try RunHarness.run(paths, job: job)
      let b = try RunHarness.run(paths.shuffled(using: &random), job: job)
      #expect(a.files == b.files)
      #expect(a.files.count == 5)
    }
  }

  @Test(arguments: [6, 7, 8] as [UInt64])
  func everyLineIsAccountedForAndTotalsAgree(seed: UInt64) throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let paths = writeShuffled(RunHarness.generatedLines(seed: seed), seed: seed, fileCount: 3, into: directory)
    let report = try RunHarness.run(paths, job: RunHarness.report(keys: [.service], bucket: .day))
    let summary = report.outcome.summary
    let counts = summary.counts
    #expect(counts.linesRead == counts.blankLines + counts.eventsValid + counts.rejected)
    #expect(counts.eventsValid == summary.eventsUnique + summary.duplicates + summary.conflicts)
    #expect(counts.rejected == counts.rejectedByReason.values.reduce(0, +))
    #expect(counts.linesRead == summary.files.map(\.lines).reduce(0, +))
    #expect(min(counts.rejected, RunPlan.defaultKeptRejections) == report.outcome.rejections.count)
    #expect(counts.rejected == report.files["rejects.jsonl"]!.filter { $0 == 0x0A }.count)
    // The report's total column sums exactly to the summary's total.
    let csv = String(decoding: report.files["report.csv"]!, as: UTF8.self)
    let column = csv.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",").last!) }
    #expect(exactSum(column) == summary.totalCost.description)
    // The snapshot's totals plus the unattributed total equal it too.
    let snapshot = try RunHarness.run(paths, job: RunHarness.snapshot)
    let snapshotCSV = String(decoding: snapshot.files["user_costs.csv"]!, as: UTF8.self)
    let userTotals = snapshotCSV.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[10]) }
    #expect(exactSum(userTotals + [summary.unattributedCost.description]) == summary.totalCost.description)
    #expect(!summary.unattributedCost.isZero)
  }

  @Test func duplicatesNeverChangeTotals() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let lines = RunHarness.generatedLines(seed: 9)
    let once = directory.write("once.jsonl", lines: lines)
    let again = directory.write("again.jsonl.gz", lines: lines.reversed(), gzip: true)
    let a = try RunHarness.run([once], job: RunHarness.report())
    let b = try RunHarness.run([once, again, once], job: RunHarness.report())
    #expect(a.files["report.csv"] == b.files["report.csv"])
    #expect(a.outcome.summary.totalCost == b.outcome.summary.totalCost)
    #expect(b.outcome.summary.eventsUnique == a.outcome.summary.eventsUnique)
    // Every line now stands three times: each conflicting line is three conflicts, and the
    // kept line's two extra copies are duplicates.
    #expect(b.outcome.summary.conflicts == 3 * a.outcome.summary.conflicts)
    #expect(b.outcome.summary.duplicates == 3 * a.outcome.summary.duplicates + 2 * a.outcome.summary.eventsUnique)
  }

  @Test func windowSelectsByTimestampAfterDedup() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let path = directory.write(
      "w.jsonl",
      lines: [
        eventLine(["id": "\"a\"", "timestamp": "\"2026-11-01T00:00:00Z\"", "total_cost_usd": "1"]),
        eventLine(["id": "\"b\"", "timestamp": "\"2026-11-30T23:59:59.999999999Z\"", "total_cost_usd": "2"]),
        eventLine(["id": "\"c\"", "timestamp": "\"2026-12-01T00:00:00Z\"", "total_cost_usd": "4", "user_id": "null"]),
        eventLine(["id": "\"d\"", "timestamp": "\"2026-10-31T23:59:59Z\"", "total_cost_usd": "8"]),
      ])
    let job = RunHarness.report(
      keys: [], bucket: nil, from: InstantText.parse("2026-11-01T00:00:00Z"),
      to: InstantText.parse("2026-12-01T00:00:00Z"))
    let result = try RunHarness.run([path], job: job)
    #expect(String(decoding: result.files["report.csv"]!, as: UTF8.self) == "event_count,total_cost_usd\r\n2,3\r\n")
    #expect(result.outcome.summary.totalCost.description == "3")
    #expect(result.outcome.summary.unattributedCost.description == "0")
    #expect(result.outcome.summary.eventsUnique == 4)
  }

  /// Exact decimal addition of plain decimal strings, independent of `DecimalSum`.
  func exactSum(_ values: [String]) -> String {
    var whole = 0
    var fraction = 0  // in 10⁻¹⁸, carried
    for value in values {
      let parts = value.split(separator: ".")
      whole += Int(parts[0])!
      if parts.count > 1 {
        let digits = String(parts[1]).padding(toLength: 18, withPad: "0", startingAt: 0)
        fraction += Int(digits)!
      }
    }
    whole += fraction / 1_000_000_000_000_000_000
    fraction %= 1_000_000_000_000_000_000
    guard fraction != 0 else { return String(whole) }
    var digits = String(fraction)
    digits = String(repeating: "0", count: 18 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return "\(whole).\(digits)"
  }
}
