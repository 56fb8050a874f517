import ArgumentParser
import CostRoll
import Foundation

/// `costroll report`: grouped, bucketed cost totals.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write report.csv / report.json grouped by keys and time buckets, plus summary, rejects and conflicts.",
    discussion: """
      Group-by keys: \(GroupKey.allCases.map(\.rawValue).joined(separator: ", ")).
      Example:
        costroll report sample-data --out out --group-by user_id,service \\
          --bucket day --tz Europe/Berlin

      \(ExitStatusHelp.pointer)
      """)

  @OptionGroup var common: CommonOptions
  @OptionGroup var output: OutputOption

  @Option(
    name: .customLong("group-by"),
    help: ArgumentHelp("Comma-separated keys, in column order (default: none).", valueName: "keys"))
  var groupBy: String = ""

  @Option(help: ArgumentHelp("Time bucket: hour, day, week (ISO, Monday first) or month.", valueName: "size"))
  var bucket: String?

  @Option(help: ArgumentHelp("IANA time zone for buckets and date-only --from/--to.", valueName: "zone"))
  var tz: String = "UTC"

  @Option(help: "csv, json or csv,json.")
  var format: String = "csv,json"

  @Option(
    help: ArgumentHelp(
      "Window start, inclusive: an instant with offset, or YYYY-MM-DD (midnight in --tz).", valueName: "instant"))
  var from: String?

  @Option(
    help: ArgumentHelp(
      "Window end, exclusive: an instant with offset, or YYYY-MM-DD (midnight in --tz).", valueName: "instant"))
  var to: String?

  func plan() throws -> RunPlan {
    let keys = try PlanParsing.list(groupBy, of: GroupKey.self, flag: "--group-by")
    let bucketSize = try bucket.map { try PlanParsing.value($0, of: BucketSize.self, flag: "--bucket") }
    let formats = try PlanParsing.list(format, of: TableFormat.self, flag: "--format")
    guard !formats.isEmpty else { throw ValidationError("--format needs csv, json or csv,json") }
    do {
      let zoneCheck = try ReportPlan(keys: keys, bucket: bucketSize, zoneName: tz, formats: formats, from: nil, to: nil)
      let fromInstant = try from.map { try PlanParsing.instant($0, zone: zoneCheck.zone, flag: "--from") }
      let toInstant = try to.map { try PlanParsing.instant($0, zone: zoneCheck.zone, flag: "--to") }
      let report = try ReportPlan(
        keys: keys, bucket: bucketSize, zoneName: tz, formats: formats, from: fromInstant, to: toInstant)
      return RunPlan(
        inputs: common.inputs, outputDirectory: output.directory, maxRejectRate: try common.rejectRate(),
        memoryBudgetBytes: try common.memoryBudgetBytes(),
        job: .report(report))
    } catch let error as CostRollError {
      throw ValidationError("\(error.description) (\(error.hint))")
    }
  }

  /// Checks every flag while parsing, so a bad value is reported with this command's usage.
  func validate() throws { _ = try plan() }

  func run() throws {
    let outcome = try common.execute(try output.applied(to: plan()))
    if outcome.status != .clean { throw ExitCode(outcome.status.rawValue) }
  }
}
