import CostRoll
import CostRollGenerator
import CostRollStore
import CostRollTestSupport
import Foundation
import Testing

/// One pipeline, one state store, reports in several time zones: each report's buckets and
/// window are those of its own `time_zone` (the pipeline's by default), and equal a one-off
/// `costroll report --tz ZONE` over the same files.
@Suite struct ReportTimeZoneTests {
  static func yaml(newYorkZone: String = "America/New_York") -> String {
    """
    version: 1
    inputs: [drop]
    state: state/state.sqlite
    output: out
    time_zone: UTC
    reports:
      - name: utc_by_service_day
        group_by: service
        bucket: day
      - name: new_york_by_category_hour
        group_by: category
        bucket: hour
        time_zone: \(newYorkZone)
      - name: kolkata_by_user_day_last_3_days
        group_by: user_id
        bucket: day
        window: last 3 days
        time_zone: Asia/Kolkata
    snapshot: {}
    """
  }

  @Test func reportsInSeveralZonesEqualOneOffReportsInTheirZones() throws {
    let scratch = PipelineScratch()
    let pipeline = try scratch.pipeline(Self.yaml())
    #expect(pipeline.reports.map(\.zoneName) == ["UTC", "America/New_York", "Asia/Kolkata"])
    let files = PipelineHarness.generated(seed: 21, days: 4)
    for night in 0..<2 {
      for file in files[(night * files.count / 2)..<((night + 1) * files.count / 2)] { scratch.deliver(file) }
      try PipelineHarness.runNight(pipeline, asOf: IncrementalRunTests.asOf(night: night))
    }
    let asOf = IncrementalRunTests.asOf(night: 1)
    try PipelineHarness.expectLatestEqualsFromScratch(pipeline, scratch, asOf: asOf, "three zones")

    // The same as a report planned by hand with the zone's name, as `--tz` plans it.
    let newYork = try ReportPlan(
      keys: [.category], bucket: .hour, zoneName: "America/New_York", formats: [.csv], from: nil, to: nil)
    let out = ScratchDirectory(prefix: "costroll-zone")
    _ = try CostRollRunner(logger: PipelineHarness.logger, quiet: true).run(
      RunPlan(inputs: [scratch.drop], outputDirectory: out.path, maxRejectRate: nil, job: .report(newYork)))
    let hourly = scratch.latest("new_york_by_category_hour.csv")
    #expect(hourly == out.read("report.csv"))
    let text = String(decoding: hourly, as: UTF8.self)
    #expect(text.contains("-05:00,") && !text.contains("Z,"), "hours are labelled with New York's offset")
    let daily = String(decoding: scratch.latest("utc_by_service_day.csv"), as: UTF8.self)
    #expect(daily.contains(",2026-11-22,"), "the default zone's days")
  }

  /// A report whose zone changes is rebuilt from the kept events in its new zone.
  @Test func changingAReportsZoneRebuildsItsCells() throws {
    let scratch = PipelineScratch()
    for file in PipelineHarness.generated(seed: 22, days: 2) { scratch.deliver(file) }
    let first = try scratch.pipeline(Self.yaml())
    try PipelineHarness.runNight(first, asOf: IncrementalRunTests.asOf(night: 0))
    let moved = try scratch.pipeline(Self.yaml(newYorkZone: "Australia/Lord_Howe"))
    let outcome = try PipelineHarness.runNight(moved, asOf: IncrementalRunTests.asOf(night: 0))
    #expect(outcome.summary.counts.linesRead == 0, "nothing new was read")
    try PipelineHarness.expectLatestEqualsFromScratch(moved, scratch, asOf: IncrementalRunTests.asOf(night: 0), "moved")
    let text = String(decoding: scratch.latest("new_york_by_category_hour.csv"), as: UTF8.self)
    #expect(text.contains("+11:00,") && !text.contains("-05:00,"))
  }

  @Test func anUnknownReportZoneNamesItsKey() throws {
    let scratch = PipelineScratch()
    #expect {
      try scratch.pipeline(Self.yaml(newYorkZone: "Mars/Olympus_Mons"))
    } throws: { error in
      guard case .pipeline(_, let line, let key, let message, _) = error as? CostRollError else { return false }
      return line == 13 && key == "reports[1].time_zone" && message.contains("Mars/Olympus_Mons")
    }
  }
}
