import ArgumentParser
import CostRoll

/// `costroll`: exact cost reports from JSON-lines cost events.
public struct CostRollCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "costroll",
    abstract: "Exact per-user, per-service and time-bucketed cost reports from JSON-lines cost events.",
    discussion: """
      Inputs are files (gzip or plain, decided by content), directories (read recursively, hidden \
      entries skipped) or '-' for standard input.

      \(ExitStatusHelp.text)
      """,
    version: ToolVersion.current,
    subcommands: [
      ReportCommand.self, SnapshotCommand.self, ValidateCommand.self, RunCommand.self, ValidatePipelineCommand.self,
      EventsCommand.self, RecalculateCommand.self, GenerateCommand.self,
    ]
  )

  public init() {}
}
