import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

/// The outputs on `sample-data/`, byte for byte. Re-record after an intended change with
/// `COSTROLL_RECORD_GOLDEN=1 swift test --filter GoldenTests`, then review the diff.
@Suite struct GoldenTests {
  static let sampleData = Repository.url("sample-data").path
  let golden = GoldenFile(directory: Repository.fixtures(of: "CostRollTests").appendingPathComponent("golden"))

  func check(_ name: String, _ bytes: [UInt8]?, as goldenName: String) throws {
    try golden.check(bytes, as: goldenName)
  }

  @Test func reportOnSampleData() throws {
    let result = try RunHarness.run([Self.sampleData], job: RunHarness.report(keys: [.userID, .service], bucket: .day))
    try check("report.csv", result.files["report.csv"], as: "report-user-service-day.csv")
    try check("report.json", result.files["report.json"], as: "report-user-service-day.json")
    try check("summary.json", result.files["summary.json"], as: "summary.json")
    try check("rejects.jsonl", result.files["rejects.jsonl"], as: "rejects.jsonl")
    try check("conflicts.jsonl", result.files["conflicts.jsonl"], as: "conflicts.jsonl")
  }

  @Test func hourlyReportInABerlinWeek() throws {
    let result = try RunHarness.run(
      [Self.sampleData], job: RunHarness.report(keys: [.category], bucket: .hour, zone: "Europe/Berlin"))
    try check("report.csv", result.files["report.csv"], as: "report-category-hour-berlin.csv")
  }

  @Test func snapshotOnSampleData() throws {
    let result = try RunHarness.run([Self.sampleData], job: RunHarness.snapshot)
    try check("user_costs.csv", result.files["user_costs.csv"], as: "user_costs.csv")
    try check("user_costs.json", result.files["user_costs.json"], as: "user_costs.json")
  }
}
