import CostRoll
import CostRollTestSupport
import Foundation
import Testing

/// The two shipped pipelines (`pipelines/nightly.yml`, `pipelines/monthly-finance.yml`) on
/// `sample-data/`, byte for byte. Re-record after an intended change with
/// `COSTROLL_RECORD_GOLDEN=1 swift test --filter ShippedPipelineGoldenTests`, then review the diff.
@Suite struct ShippedPipelineGoldenTests {
  let golden = GoldenFile(directory: Repository.fixtures(of: "CostRollStoreTests").appendingPathComponent("golden"))

  /// Runs the shipped pipeline `name` with its outputs and state moved to a scratch directory.
  func check(_ name: String, asOf: String, expecting files: [String]) throws {
    let scratch = PipelineScratch()
    var pipeline = try PipelineFile.load(Repository.url("pipelines/\(name).yml").path)
    pipeline.outputDirectory = scratch.output
    pipeline.statePath = scratch.state
    try PipelineHarness.runNight(pipeline, asOf: try #require(InstantText.parse(asOf)))
    let produced = try FileManager.default.contentsOfDirectory(atPath: scratch.output + "/latest").sorted()
    #expect(produced == (files + ["run.json"]).sorted())
    for file in files { try golden.check(scratch.latest(file), as: "\(name)/\(file)") }
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
