import ArgumentParser
import CostRoll
import CostRollStore

/// `costroll recalculate`: the app's `recalculateUserCosts`.
struct RecalculateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recalculate",
    abstract: "Rebuild a pipeline's reports and user_costs snapshot from the stored events alone.",
    discussion: """
      Reads no input files and changes no state: the outputs equal those of the pipeline's \
      latest run when given the same --as-of.

      Example:
        costroll recalculate pipelines/nightly.yml --out out/recalculated \\
          --as-of 2026-11-25T00:00:00Z
      """)

  @OptionGroup var pipeline: PipelineArgument
  @Option(
    name: .customLong("out"), help: ArgumentHelp("Directory for the outputs (created if missing).", valueName: "dir"))
  var directory: String

  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp("Windows end at the start of this instant's day; default: now.", valueName: "instant"))
  var asOf: String?

  func run() throws {
    let pipeline = try self.pipeline.load()
    let asOf = try Instant.asOf(asOf)
    let written = try PipelineFailure.reporting { () throws(CostRollError) in
      let store = try pipeline.existingStore()
      return try PipelineRunner(logger: DiagnosticLog.logger(quiet: true)).recalculate(
        pipeline, store: store, asOf: asOf, into: directory)
    }
    DiagnosticLog.logger(quiet: false).info("wrote \(written.joined(separator: ", "))")
  }
}
