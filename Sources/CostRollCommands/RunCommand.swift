import ArgumentParser
import CostRoll
import CostRollStore
import Foundation

/// `costroll run`: one nightly run of a pipeline file.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a pipeline: ingest new input files into its state store and publish its reports.",
    usage: "costroll run [<options>] <pipeline.yml>",
    discussion: """
      Files whose content (SHA-256) was ingested before are skipped, whatever their name. The \
      reports and the user_costs snapshot are published from partial aggregates kept in the \
      state store and updated by each run's changes, and equal a one-off report over every file \
      ingested so far. Outputs go to OUTPUT/runs/run-NNNNNN-STAMP/ and OUTPUT/latest points at \
      the newest run. Keys are documented in pipelines/README.md.

      Example: costroll run pipelines/nightly.yml

      \(ExitStatusHelp.pointer)
      """)

  @OptionGroup var pipeline: PipelineArgument

  @Flag(
    name: .customLong("dry-run"), help: "Print the inputs the run would read or skip and the outputs it would write.")
  var dryRun = false

  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp(
      "The run's as-of instant: windows end at the start of its day; the snapshot's cost_calculated_at. Default: now.",
      valueName: "instant"))
  var asOf: String?

  @Option(
    help: ArgumentHelp("Seconds to wait for another run's lock; without it, exit 75 at once.", valueName: "seconds"))
  var wait: Double?

  @Flag(help: "Hash every input, also those whose path, size and modification time the state store knows.")
  var rehash = false

  @Flag(help: "No progress line and no run summary on stderr.")
  var quiet = false

  @Flag(help: "Also say how long each phase of the run took.")
  var verbose = false

  func run() throws {
    let pipeline = try self.pipeline.load()
    let asOf = try Instant.asOf(asOf)
    let logger = DiagnosticLog.logger(quiet: quiet, verbose: verbose)
    if dryRun {
      let preview = try PipelineFailure.reporting { () throws(CostRollError) in
        let store =
          FileManager.default.fileExists(atPath: pipeline.statePath)
          ? try SQLiteStateStore(path: pipeline.statePath) : nil
        return try PipelineRunner(logger: logger, quiet: true).preview(pipeline, store: store)
      }
      var lines = ["state: \(preview.statePath)"] + pipeline.reports.map { "report \($0.summary)" }
      lines += preview.toIngest.map { "read: \($0)" } + preview.skipped.map { "skip (already ingested): \($0)" }
      lines += preview.outputs.map { "write: \(preview.runsDirectory)/<run>/\($0)" }
      print(lines.joined(separator: "\n"))
      return
    }
    let status = try PipelineFailure.reporting { () throws(CostRollError) -> ExitStatus in
      let lock = try StateLock(statePath: pipeline.statePath, waitSeconds: wait ?? 0)
      defer { lock.release() }
      let store = try SQLiteStateStore(path: pipeline.statePath)
      let runner = PipelineRunner(logger: logger, quiet: quiet, rehash: rehash)
      let outcome = try runner.run(pipeline, store: store, asOf: asOf)
      try runner.publish(outcome, pipeline: pipeline, store: store)
      let counts = outcome.summary.counts
      logger.info(
        "\(outcome.runName): \(outcome.summary.files.count) new files, \(outcome.skipped.count) skipped; \(counts.linesRead) lines, \(counts.eventsValid) valid, \(counts.rejected) rejected, \(outcome.summary.duplicates) duplicates, \(outcome.summary.conflicts) conflicts; \(outcome.summary.eventsUnique) events kept, total \(outcome.summary.totalCost) USD; \(outcome.restatements) restatements"
      )
      logger.info("wrote \(outcome.directory)")
      if outcome.status == .damagedInput {
        logger.error("some input files are damaged; see 'files' in summary.json. A re-delivered file is read again")
      } else if outcome.status == .rejectRateExceeded {
        logger.error("rejected lines above max_reject_rate; see rejects.jsonl in the run directory")
      }
      return outcome.status
    }
    if status != .clean { throw ExitCode(status.rawValue) }
  }
}
