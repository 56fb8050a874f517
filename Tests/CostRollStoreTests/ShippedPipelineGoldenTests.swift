import CostRoll
import Foundation
import Testing

/// The two shipped pipelines (`pipelines/nightly.yml`, `pipelines/monthly-finance.yml`) on
/// `sample-data/`, byte for byte. Re-record after an intended change with
/// `COSTROLL_RECORD_GOLDEN=1 swift test --filter ShippedPipelineGoldenTests`, then review the diff.
@Suite struct ShippedPipelineGoldenTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let golden = root.appendingPathComponent("Tests/CostRollStoreTests/Fixtures/golden")

  /// Runs the shipped pipeline `name` with its outputs and state moved to a scratch directory.
  func check(_ name: String, asOf: String, expecting files: [String]) throws {
    let scratch = PipelineScratch()
    var pipeline = try PipelineFile.load(Self.root.appendingPathComponent("pipelines/\(name).yml").path)
    pipeline.outputDirectory = scratch.output
    pipeline.statePath = scratch.state
    try PipelineHarness.runNight(pipeline, asOf: try #require(InstantText.parse(asOf)))
    let produced = try FileManager.default.contentsOfDirectory(atPath: scratch.output + "/latest").sorted()
    #expect(produced == (files + ["run.json"]).sorted())
    for file in files {
      // Sources are named by the path they were read from, which depends on the checkout.
      let actual = Array(
        String(decoding: scratch.latest(file), as: UTF8.self).replacingOccurrences(of: Self.root.path + "/", with: "")
          .utf8)
      let url = Self.golden.appendingPathComponent("\(name)/\(file)")
      if ProcessInfo.processInfo.environment["COSTROLL_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual).write(to: url)
        continue
      }
      let expected = try #require(FileManager.default.contents(atPath: url.path), "missing golden file \(name)/\(file)")
      let same = Array(expected) == actual
      #expect(same, "\(name)/\(file) differs; re-record with COSTROLL_RECORD_GOLDEN=1 if intended")
    }
  }

  @Test func nightly() throws {
    try check(
      "nightly", asOf: "2026-11-25T06:00:00Z",
      expecting: [
        "daily_by_user_service.csv", "daily_by_user_service.json", "daily_by_category_last_31_days.csv",
        "daily_by_category_last_31_days.json", "user_costs.csv", "user_costs.json", "summary.json", "rejects.jsonl",
        "conflicts.jsonl", "restatements.csv",
      ])
  }

  /// On the 1st of December the previous month is November, which the sample data falls in.
  @Test func monthlyFinance() throws {
    try check(
      "monthly-finance", asOf: "2026-12-01T06:00:00Z",
      expecting: [
        "previous_month_by_user_category.csv", "user_costs.csv", "summary.json", "rejects.jsonl", "conflicts.jsonl",
        "restatements.csv",
      ])
  }
}
