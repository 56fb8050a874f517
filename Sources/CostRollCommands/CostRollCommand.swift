import ArgumentParser
import CostRoll
import Foundation

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

  /// Runs the command line and exits: every failure in one style (`costroll: error: ...`, the
  /// usage line of the command that failed, where to read more), "did you mean" for a mistyped
  /// command, help and version on stdout.
  public static func runMain(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
    let commands = configuration.subcommands
    let names = commands.compactMap { $0.configuration.commandName }
    if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first), first != "help" {
      let guess = Suggestion.closest(to: first, among: names)
      let next = guess.map { "did you mean '\($0)'?" } ?? "commands: " + names.joined(separator: ", ")
      fail("unknown command '\(first)'; \(next)", command: nil)
    }
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Foundation.exit(0)
    } catch {
      let code = exitCode(for: error)
      guard code != .success else {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      let text = message(for: error)
      // A command that ended with a status has said why already.
      guard !text.isEmpty else { Foundation.exit(code.rawValue) }
      fail(
        text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text,
        command: commands.first {
          $0.configuration.commandName == arguments.first
        }, status: code.rawValue)
    }
  }

  /// Writes `message` as `costroll: error:` with `command`'s usage line, and exits `status`.
  private static func fail(_ message: String, command: ParsableCommand.Type?, status: Int32 = 64) -> Never {
    let usage = usageString(for: command ?? Self.self)
    let help = command?.configuration.commandName.map { "costroll \($0) --help" } ?? "costroll --help"
    let text = "costroll: error: \(message)\nUsage: \(usage)\n  See '\(help)'.\n"
    FileHandle.standardError.write(Data(text.utf8))
    Foundation.exit(status)
  }
}
