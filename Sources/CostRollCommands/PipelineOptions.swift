import ArgumentParser
import CostRoll
import CostRollStore
import Foundation

/// The pipeline file argument shared by `run`, `recalculate` and `events`.
struct PipelineArgument: ParsableArguments {
  @Argument(help: ArgumentHelp("The pipeline file (YAML), e.g. pipelines/nightly.yml.", valueName: "pipeline.yml"))
  var path: String

  /// The checked pipeline; a bad file exits 64 with the line and key.
  func load() throws -> Pipeline {
    do throws(CostRollError) {
      return try PipelineFile.load(path)
    } catch {
      throw PipelineFailure.exit(error)
    }
  }
}

extension Pipeline {
  /// The state store of a pipeline that has run at least once; commands that only read the
  /// store (`events`, `recalculate`) must not create an empty one.
  func existingStore() throws(CostRollError) -> SQLiteStateStore {
    guard FileManager.default.fileExists(atPath: statePath) else {
      throw .usage("\(statePath): no state store yet", hint: "run the pipeline first: costroll run \(path)")
    }
    return try SQLiteStateStore(path: statePath)
  }
}

/// Reports a fatal `CostRollError` on stderr and turns it into its exit status.
enum PipelineFailure {
  static func exit(_ error: CostRollError) -> ExitCode {
    DiagnosticLog.logger(quiet: false).error("\(error.description)\n  hint: \(error.hint)")
    return ExitCode(ExitStatus(error).rawValue)
  }

  /// Runs `body`, reporting a `CostRollError` it throws.
  static func reporting<T>(_ body: () throws(CostRollError) -> T) throws -> T {
    do throws(CostRollError) {
      return try body()
    } catch {
      throw exit(error)
    }
  }
}

extension Instant {
  /// Parses an `--as-of` flag value; `nil` text means now.
  static func asOf(_ text: String?) throws -> Instant {
    guard let text else { return .now }
    guard let parsed = InstantText.parse(text) else {
      throw ValidationError("--as-of: '\(text)' is not an instant like 2026-11-25T00:00:00Z")
    }
    return parsed
  }
}
