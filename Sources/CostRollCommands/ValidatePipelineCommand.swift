import ArgumentParser
import CostRoll

/// `costroll validate-pipeline`: checks a pipeline file without running it.
struct ValidatePipelineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate-pipeline",
    abstract: "Check a pipeline file (keys, values, time zone, windows) without running it.",
    discussion: """
      Prints 'ok' and each report's keys, bucket, window, time zone and formats, and exits 0 \
      when the file is valid; otherwise prints the file, line and key path of the first \
      problem and exits 64.
      """)

  @OptionGroup var pipeline: PipelineArgument

  func run() throws {
    let checked = try pipeline.load()
    let snapshot = checked.snapshot == nil ? "" : " and the user_costs snapshot"
    print("ok: \(checked.path): \(checked.reports.count) reports\(snapshot)")
    for report in checked.reports { print("report \(report.summary)") }
  }
}
