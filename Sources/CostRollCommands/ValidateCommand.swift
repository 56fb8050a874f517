import ArgumentParser
import CostRoll

/// `costroll validate`: check files without aggregating, for emitters' own CI.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check inputs: print rejected lines by reason and the first rejects as file:line.",
    usage: "costroll validate [<options>] <inputs> ...",
    discussion: """
      Exits 2 when any line is rejected and 3 when a file is damaged, so an emitter's CI can gate on it.
      With --out, also writes summary.json, rejects.jsonl and conflicts.jsonl.

      \(ExitStatusHelp.pointer)
      """)

  @Argument(help: "Input files, directories or '-' for standard input.")
  var inputs: [String]

  @Option(
    name: .customLong("out"),
    help: ArgumentHelp("Directory for summary.json, rejects.jsonl and conflicts.jsonl.", valueName: "dir"))
  var directory: String?

  @Flag(help: "Remove outputs an earlier run left in --out that this run does not write (else they are named).")
  var clean = false

  @Option(help: ArgumentHelp("How many rejects to list.", valueName: "n"))
  var show: Int = 20

  @Flag(help: "No progress line and no run summary on stderr.")
  var quiet = false

  @Flag(name: .customLong("allow-empty"), help: "Inputs that hold no file at all make a clean run instead of exit 66.")
  var allowEmpty = false

  @Flag(help: "Also say on stderr how the run is laid out (shards on disk or in memory) and how long each phase took.")
  var verbose = false

  func run() throws {
    var common = CommonOptions()
    common.inputs = inputs
    common.quiet = quiet
    common.verbose = verbose
    common.allowEmpty = allowEmpty
    var plan = RunPlan(inputs: inputs, outputDirectory: directory, maxRejectRate: 0, job: .validate)
    plan.keptRejections = max(show, 0)
    plan.cleanOutputs = clean
    let outcome = try common.execute(plan)
    let summary = outcome.summary
    var lines = [
      "lines_read \(summary.counts.linesRead)", "events_valid \(summary.counts.eventsValid)",
      "rejected \(summary.counts.rejected)",
    ]
    for (reason, count) in summary.counts.rejectedByReason.sorted(by: { $0.key < $1.key }) {
      lines.append("  \(reason.rawValue) \(count)")
    }
    for file in summary.files where file.status != .ok {
      lines.append("damaged \(file.path): \(file.status.rawValue): \(file.detail ?? "")")
    }
    for rejection in outcome.rejections.prefix(max(0, show)) {
      let field = rejection.field.map { " (\($0))" } ?? ""
      lines.append(
        "\(rejection.origin.source):\(rejection.origin.line): \(rejection.reason.rawValue)\(field): \(rejection.detail)"
      )
    }
    if summary.counts.rejected > show { lines.append("… and \(summary.counts.rejected - show) more") }
    print(lines.joined(separator: "\n"))
    if outcome.status != .clean { throw ExitCode(outcome.status.rawValue) }
  }
}
