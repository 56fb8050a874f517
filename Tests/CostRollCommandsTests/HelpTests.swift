import ArgumentParser
import CostRollTestSupport
import Foundation
import Testing

@testable import CostRollCommands

/// Every `--help` screen at 80 columns, byte for byte (re-record with
/// `COSTROLL_RECORD_GOLDEN=1 swift test --filter HelpTests` and review the diff), wrapping
/// cleanly: no line is wider than 80 columns.
@Suite struct HelpTests {
  static let commands: [(name: String, type: ParsableCommand.Type)] =
    [("costroll", CostRollCommand.self)]
    + CostRollCommand.configuration.subcommands.map { ($0.configuration.commandName!, $0) }
  let golden = GoldenFile(directory: Repository.fixtures(of: "CostRollCommandsTests").appendingPathComponent("help"))

  @Test(arguments: commands.map(\.name))
  func helpScreen(name: String) throws {
    let type = Self.commands.first { $0.name == name }!.type
    let text = CostRollCommand.helpMessage(for: type, columns: 80)
    try golden.check(Array(text.utf8), as: name + ".txt")
    let wide = text.split(separator: "\n").filter { $0.count > 80 }
    #expect(wide == [], "lines over 80 columns in \(name)'s help")
  }

  /// The exit-status table is printed once, by the root command.
  @Test func theExitStatusTableIsPrintedOnce() {
    for (name, type) in Self.commands {
      let text = CostRollCommand.helpMessage(for: type, columns: 80)
      #expect(text.contains("  75  another run holds") == (name == "costroll"), "\(name)")
    }
  }

  /// Every failure in one style, with the failing command's usage line; a mistyped command or
  /// value gets its closest match.
  @Test func errorsHaveOneStyleAndSuggestTheClosestWord() throws {
    let command = try BuiltBinary.run("costroll", ["reprot", "sample-data"])
    #expect(command.status == 64)
    #expect(command.errors.hasPrefix("costroll: error: unknown command 'reprot'; did you mean 'report'?\nUsage: "))
    let value = try BuiltBinary.run("costroll", ["report", "in", "--out", "o", "--bucket", "days"])
    #expect(value.status == 64)
    #expect(value.errors.hasPrefix("costroll: error: --bucket: unknown value 'days'; did you mean 'day'?"))
    #expect(value.errors.contains("\nUsage: costroll report "), "\(value.errors)")
    let stream = try BuiltBinary.run("costroll", ["snapshot", "in", "--out", "-"])
    #expect(stream.status == 64 && stream.errors.contains("costroll: error: --out takes a directory"))
    #expect(!command.errors.contains("Error:") && !value.errors.contains("Error:"))
  }
}
