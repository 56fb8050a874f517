import ArgumentParser
import CostRoll

/// `costroll snapshot`: the app's `user_costs` table.
struct SnapshotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snapshot",
    abstract: "Write user_costs.csv / user_costs.json (one row per user), plus summary, rejects and conflicts.",
    usage: "costroll snapshot [<options>] <inputs> ... --out <dir>",
    discussion: """
      Example:
        costroll snapshot sample-data --out out --as-of 2026-11-25T00:00:00Z

      \(ExitStatusHelp.pointer)
      """)

  @OptionGroup var common: CommonOptions
  @OptionGroup var output: OutputOption

  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp(
      "cost_calculated_at (an instant with offset); default: now. Does not filter.", valueName: "instant"))
  var asOf: String?

  @Option(
    name: .customLong("assign-unattributed-to"),
    help: ArgumentHelp(
      "Attribute events with a null user_id to this user's row, as the app's migration did.", valueName: "uuid"))
  var assignUnattributedTo: String?

  func plan() throws -> RunPlan {
    let asOfInstant = try Instant.asOf(asOf)
    let assignee = try assignUnattributedTo.map { try PlanParsing.uuid($0, flag: "--assign-unattributed-to") }
    return RunPlan(
      inputs: common.inputs, outputDirectory: output.directory, maxRejectRate: try common.rejectRate(),
      memoryBudgetBytes: try common.memoryBudgetBytes(),
      job: .snapshot(SnapshotPlan(asOf: asOfInstant, assignUnattributedTo: assignee)))
  }

  /// Checks every flag while parsing, so a bad value is reported with this command's usage.
  func validate() throws { _ = try plan() }

  func run() throws {
    let outcome = try common.execute(try output.applied(to: plan()))
    if outcome.status != .clean { throw ExitCode(outcome.status.rawValue) }
  }
}
