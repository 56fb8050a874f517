import ArgumentParser
import CostRoll
import Foundation
import Logging

/// Flags shared by every command that reads inputs.
struct CommonOptions: ParsableArguments {
  @Argument(help: "Input files, directories or '-' for standard input.")
  var inputs: [String]

  @Option(
    name: .customLong("max-reject-rate"),
    help: ArgumentHelp(
      "Exit 2 when rejected lines exceed this share of non-blank lines (outputs are still written): 0.01 or 1%; "
        + "100% turns the limit off. Default: 1%.",
      valueName: "rate"))
  var maxRejectRate: String?

  @Flag(name: .customLong("allow-empty"), help: "Inputs that hold no file at all make a clean run instead of exit 66.")
  var allowEmpty = false

  @Flag(help: "No progress line and no run summary on stderr.")
  var quiet = false

  @Flag(help: "Also say on stderr how the run is laid out (shards on disk or in memory) and how long each phase took.")
  var verbose = false

  @Option(
    name: .customLong("memory-budget"),
    help: ArgumentHelp(
      "Megabytes dedup may hold before it spills id-hash shards to $TMPDIR; a 16th of it (at most) is a filter "
        + "of ids seen while files are read. ($TMPDIR also holds the lines of ids seen more than once, usually "
        + "a few percent of the decompressed input, more when its lines are shuffled, until dedup is done.)",
      valueName: "mb"))
  var memoryBudget: Int = RunPlan.defaultMemoryBudgetBytes >> 20

  /// The memory budget in bytes.
  func memoryBudgetBytes() throws -> Int {
    guard memoryBudget > 0 else { throw ValidationError("--memory-budget takes a positive number of megabytes") }
    return memoryBudget << 20
  }

  /// The reject-rate limit as a fraction.
  func rejectRate() throws -> Double? {
    guard let text = maxRejectRate else { return RunPlan.defaultMaxRejectRate }
    let isPercent = text.hasSuffix("%")
    guard let value = Double(isPercent ? String(text.dropLast()) : text), value >= 0 else {
      throw ValidationError("--max-reject-rate takes a fraction such as 0.01 or a percentage such as 1%")
    }
    let fraction = isPercent ? value / 100 : value
    guard fraction <= 1 else { throw ValidationError("--max-reject-rate must be at most 1 (100%)") }
    return fraction
  }

  /// Runs `plan`, prints the outcome on stderr, and turns the outcome into the exit status.
  func execute(_ plan: RunPlan) throws -> RunOutcome {
    var plan = plan
    plan.allowEmpty = allowEmpty
    let logger = DiagnosticLog.logger(quiet: quiet, verbose: verbose)
    do throws(CostRollError) {
      let outcome = try CostRollRunner(logger: logger, quiet: quiet).run(plan)
      let counts = outcome.summary.counts
      logger.info(
        "\(counts.linesRead) lines: \(counts.eventsValid) valid (\(outcome.summary.eventsUnique) unique, \(outcome.summary.duplicates) duplicates, \(outcome.summary.conflicts) conflicts), \(counts.rejected) rejected, \(counts.blankLines) blank; total \(outcome.summary.totalCost) USD"
      )
      if !outcome.written.isEmpty { logger.info("wrote \(outcome.written.joined(separator: ", "))") }
      switch outcome.status {
      case .damagedInput:
        let message =
          "some input files are damaged (truncated or corrupt gzip); their complete lines were used. "
          + "Re-fetch or re-export those files; see 'files' in summary.json"
        logger.error("\(message)")
      case .rejectRateExceeded:
        let rejected = "\(counts.rejected) of \(counts.eventsValid + counts.rejected) non-blank lines rejected"
        let next =
          outcome.written.isEmpty ? "fix the lines listed, or pass --out DIR for rejects.jsonl" : "see rejects.jsonl"
        logger.error("\(rejected), above the limit; \(next)")
      default: break
      }
      return outcome
    } catch {
      DiagnosticLog.logger(quiet: false).error("\(error.description)\n  hint: \(error.hint)")
      throw ExitCode(ExitStatus(error).rawValue)
    }
  }
}

/// The output directory flags.
struct OutputOption: ParsableArguments {
  @Option(
    name: .customLong("out"), help: ArgumentHelp("Directory for the outputs (created if missing).", valueName: "dir"))
  var directory: String

  @Flag(help: "Remove outputs an earlier run left in --out that this run does not write (else they are named).")
  var clean = false

  func validate() throws {
    guard directory != "-" else {
      throw ValidationError("--out takes a directory; outputs are files (report.csv, summary.json, ...), not a stream")
    }
  }

  /// `plan` with these flags' settings.
  func applied(to plan: RunPlan) -> RunPlan {
    var plan = plan
    plan.cleanOutputs = clean
    return plan
  }
}

extension Instant {
  /// The current time.
  static var now: Instant {
    let interval = Date().timeIntervalSince1970
    let seconds = interval.rounded(.down)
    return Instant(seconds: Int64(seconds), nanoseconds: Int32((interval - seconds) * 1_000_000_000))
  }
}
