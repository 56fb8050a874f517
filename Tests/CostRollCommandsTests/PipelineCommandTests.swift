import ArgumentParser
import CostRoll
import CostRollTestSupport
import Foundation
import Testing

@testable import CostRollCommands

/// The pipeline commands' surface: help, strict pipeline files, dry runs, the lock, exit codes.
@Suite struct PipelineCommandTests {
  static let pipelineText = """
    version: 1
    inputs: [drop/*.jsonl]
    output: out
    reports:
      - name: daily
        group_by: [user_id]
        bucket: day
    snapshot: {}
    """

  func scratchWithPipeline(_ text: String = pipelineText) -> (ScratchDirectory, String) {
    let scratch = ScratchDirectory()
    try! FileManager.default.createDirectory(atPath: scratch.path + "/drop", withIntermediateDirectories: true)
    _ = scratch.write("drop/a.jsonl", good + "\n")
    return (scratch, scratch.write("nightly.yml", text))
  }

  @Test func helpListsThePipelineCommands() {
    let help = CostRollCommand.helpMessage()
    for word in ["run", "validate-pipeline", "events", "recalculate", "75"] { #expect(help.contains(word), "\(word)") }
    #expect(RunCommand.helpMessage().contains("--dry-run"))
    #expect(EventsCommand.helpMessage().contains("--offset"))
  }

  @Test(arguments: [
    ("version: 2\ninputs: [a]\noutput: o\n", "version"),
    ("version: 1\ninputs: [a]\noutput: o\nreprots: []\n", "reprots"),
    ("version: 1\ninputs: [a]\noutput: o\nreports:\n  - name: x\n    bucket: days\n", "reports[0].bucket"),
    ("version: 1\ninputs: [a]\noutput: o\nreports:\n  - name: x\n    window: last month\n", "reports[0].window"),
    ("version: 1\ninputs: [a]\noutput: o\ntime_zone: Mars/Olympus\n", "time_zone"),
    ("version: 1\noutput: o\n", "inputs"),
    ("version: 1\ninputs: [a]\noutput: o\nreports:\n  - name: summary\n", "reports[0].name"),
    ("version: 1\ninputs: [a]\noutput: o\nmax_reject_rate: 2\n", "max_reject_rate"),
  ])
  func badPipelinesNameTheKeyAndLine(text: String, key: String) throws {
    let (scratch, path) = scratchWithPipeline(text)
    defer { withExtendedLifetime(scratch) {} }
    #expect(exitStatus(["validate-pipeline", path]) == 64)
    #expect(throws: (any Error).self) { try PipelineFile.load(path) }
    do throws(CostRollError) {
      _ = try PipelineFile.load(path)
    } catch {
      guard case .pipeline(_, let line, let keyPath, _, _) = error else {
        Issue.record("not a pipeline error: \(error)")
        return
      }
      #expect(keyPath == key)
      #expect(line != nil)
      #expect(error.description.hasPrefix(path + ":"))
    }
  }

  @Test func theShippedPipelinesValidate() {
    for name in ["nightly", "monthly-finance"] {
      #expect(exitStatus(["validate-pipeline", Repository.url("pipelines/\(name).yml").path]) == 0)
    }
  }

  /// `validate-pipeline` and `run --dry-run` print each report's zone: its own or the pipeline's.
  @Test func validateAndDryRunShowEachReportsZone() throws {
    let text = Self.pipelineText.replacingOccurrences(
      of: "    bucket: day\n", with: "    bucket: day\n  - name: hourly\n    bucket: hour\n    time_zone: Asia/Tokyo\n")
    let (scratch, path) = scratchWithPipeline(text)
    for arguments in [["validate-pipeline", path], ["run", path, "--dry-run"]] {
      let run = try BuiltBinary.run("costroll", arguments, temporary: scratch.temporary)
      #expect(run.status == 0, "\(run.errors)")
      #expect(run.output.contains("report daily: by user_id, day, time_zone UTC, csv,json\n"), "\(run.output)")
      #expect(run.output.contains("report hourly: no keys, hour, time_zone Asia/Tokyo, csv,json\n"), "\(run.output)")
    }
  }

  @Test func dryRunWritesNothingAndRunThenSkipsKnownFiles() throws {
    let (scratch, path) = scratchWithPipeline()
    // Reading commands refuse a pipeline that never ran, and create no empty store.
    #expect(exitStatus(["events", path, "--user", "null"]) == 64)
    #expect(exitStatus(["recalculate", path, "--out", scratch.path + "/re"]) == 64)
    #expect(exitStatus(["run", path, "--dry-run"]) == 0)
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out"))
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/re"))
    #expect(exitStatus(["run", path, "--quiet", "--as-of", "2026-11-26T00:00:00Z"]) == 0)
    let latest = scratch.path + "/out/latest/"
    #expect(FileManager.default.fileExists(atPath: latest + "daily.csv"))
    #expect(FileManager.default.fileExists(atPath: latest + "user_costs.json"))
    // Recalculate equals the published outputs.
    #expect(exitStatus(["recalculate", path, "--out", scratch.path + "/re", "--as-of", "2026-11-26T00:00:00Z"]) == 0)
    for name in ["daily.csv", "daily.json", "user_costs.csv", "user_costs.json"] {
      #expect(
        FileManager.default.contents(atPath: latest + name)
          == FileManager.default.contents(
            atPath: scratch.path + "/re/" + name), "\(name)")
    }
    #expect(exitStatus(["events", path, "--user", "null", "--format", "csv"]) == 0)
    #expect(exitStatus(["events", path, "--user", "not-a-uuid"]) == 64)
  }

  /// A glob that matches nothing (a typo such as `*.json.gz`) is an alert, exit 66, with nothing
  /// run or written; `allow_empty: true` makes it a clean night. Files found but none new stay a
  /// clean run.
  @Test func aPipelineWhoseInputsHoldNoFileExits66UnlessAllowed() throws {
    let typo = Self.pipelineText.replacingOccurrences(of: "drop/*.jsonl", with: "drop/*.json.gz")
    let (scratch, path) = scratchWithPipeline(typo)
    #expect(exitStatus(["run", path, "--quiet"]) == 66)
    #expect(exitStatus(["run", path, "--dry-run"]) == 66)
    #expect(!FileManager.default.fileExists(atPath: scratch.path("out/runs")))
    _ = scratch.write("nightly.yml", typo + "\nallow_empty: true\n")
    #expect(exitStatus(["run", path, "--quiet"]) == 0)
    let (known, knownPath) = scratchWithPipeline()
    #expect(exitStatus(["run", knownPath, "--quiet"]) == 0)
    #expect(exitStatus(["run", knownPath, "--quiet"]) == 0, "no new file is a clean night")
    withExtendedLifetime(known) {}
  }

  @Test func aSecondRunExits75WhileTheLockIsHeld() throws {
    let (scratch, path) = scratchWithPipeline()
    let lock = try StateLock(statePath: scratch.path + "/out/state.sqlite")
    #expect(exitStatus(["run", path, "--quiet"]) == 75)
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out/runs"))
    lock.release()
    #expect(exitStatus(["run", path, "--quiet"]) == 0)
  }
}
