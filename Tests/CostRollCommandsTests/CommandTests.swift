import ArgumentParser
import CostRoll
import CostRollGenerator
import CostRollTestSupport
import Foundation
import Testing

@testable import CostRollCommands

/// Runs `costroll ARGS…` in-process and returns its exit status.
func exitStatus(_ arguments: [String]) -> Int32 {
  do {
    var command = try CostRollCommand.parseAsRoot(arguments)
    try command.run()
    return 0
  } catch {
    return CostRollCommand.exitCode(for: error).rawValue
  }
}

extension ScratchDirectory {
  /// What the run wrote into `out`.
  var outputs: [String] { names(in: "out") }
}

let good =
  #"{"id":"a","timestamp":"2026-11-24T13:05:22Z","event_type":"x","service":"ses","quantity":1,"unit":"emails","total_cost_usd":"0.0001"}"#

@Suite struct CommandTests {
  /// A run deletes the half-written output a killed run left in its output directory.
  @Test func aRunDeletesAHalfWrittenOutputLeftByAKilledRun() throws {
    let scratch = ScratchDirectory()
    let input = scratch.write("events.jsonl", good + "\n")
    try FileManager.default.createDirectory(atPath: scratch.path + "/out", withIntermediateDirectories: true)
    let left = scratch.write("out/.report.csv.tmp-99999-1", "half a report")
    let then = timeval(tv_sec: time(nil) - 3600, tv_usec: 0)
    #expect(utimes(left, [then, then]) == 0)
    #expect(exitStatus(["report", input, "--out", scratch.path + "/out", "--quiet"]) == 0)
    #expect(!scratch.outputs.contains(".report.csv.tmp-99999-1"))
    #expect(scratch.outputs.contains("report.csv"))
  }

  @Test func helpListsCommandsAndExitStatuses() {
    let help = CostRollCommand.helpMessage()
    for word in ["report", "snapshot", "validate", "generate", "64", "66", "74", "SIGTERM"] {
      #expect(help.contains(word), "\(word)")
    }
    for command in [ReportCommand.self, SnapshotCommand.self, ValidateCommand.self] as [ParsableCommand.Type] {
      let text = command.helpMessage()
      #expect(text.contains("Exit status"))
      #expect(text.contains("--max-reject-rate") || command == ValidateCommand.self)
    }
    #expect(ReportCommand.helpMessage().contains("--group-by"))
  }

  /// A real `costroll report` process, spilling to disk (500 KB of JSON against a 1 MB budget
  /// at 2.5 bytes of memory per byte), leaves nothing in `$TMPDIR`: the line spool and the
  /// shards are deleted on another thread, which the run waits for.
  @Test func aRunLeavesNoTemporaryFiles() throws {
    let scratch = ScratchDirectory()
    let lines = (0..<4_000).map { good.replacingOccurrences(of: #""id":"a""#, with: #""id":"\#($0 % 3_000)""#) }
    let input = scratch.write("in.jsonl", lines.joined(separator: "\n") + "\n")
    let process = scratch.costroll(["report", input, "--out", scratch.path + "/out", "--quiet", "--memory-budget", "1"])
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(scratch.outputs.contains("report.csv"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.temporary) == [])
  }

  /// `validate` lists the first `--show` rejects and counts the rest from the summary (the run
  /// keeps only the rejections it lists; rejects.jsonl has them all).
  @Test func validateListsTheFirstRejectsAndCountsTheRest() throws {
    let scratch = ScratchDirectory()
    let input = scratch.write("in.jsonl", (0..<150).map { _ in "[1]" }.joined(separator: "\n") + "\n")
    let process = scratch.costroll(["validate", input, "--show", "5", "--quiet", "--out", scratch.path + "/out"])
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
    #expect(printed.split(separator: "\n").filter { $0.hasPrefix(input + ":") }.count == 5)
    #expect(printed.contains("… and 145 more"))
    let rejects = FileManager.default.contents(atPath: scratch.path + "/out/rejects.jsonl") ?? Data()
    #expect(rejects.filter { $0 == 0x0A }.count == 150)
  }

  /// One rejected line in 200 (0.5%) is within the default limit of 1%.
  @Test func cleanRunExitsZeroAndWritesEverything() {
    let scratch = ScratchDirectory()
    let input = scratch.write("in.jsonl", String(repeating: good + "\n", count: 199) + "[1]\n")
    #expect(exitStatus(["report", input, "--out", scratch.path + "/out", "--quiet"]) == 0)
    #expect(Set(scratch.outputs) == ["report.csv", "report.json", "summary.json", "rejects.jsonl", "conflicts.jsonl"])
    #expect(
      exitStatus(["snapshot", input, "--out", scratch.path + "/out", "--quiet", "--as-of", "2026-11-25T00:00:00Z"]) == 0
    )
    #expect(scratch.outputs.contains("user_costs.csv"))
  }

  @Test(arguments: [
    ["report", "--out", "X", "--group-by", "user_id,nope"], ["report", "--out", "X", "--bucket", "year"],
    ["report", "--out", "X", "--tz", "Mars/Olympus"], ["report", "--out", "X", "--format", "xml"],
    ["report", "--out", "X", "--from", "yesterday"], ["report", "--out", "X", "--group-by", "unit,unit"],
    ["report", "--out", "X", "--from", "2026-11-02", "--to", "2026-11-01"],
    ["snapshot", "--out", "X", "--as-of", "2026-11-25"], ["snapshot", "--out", "X", "--assign-unattributed-to", "bob"],
    ["report", "--out", "X", "--max-reject-rate", "lots"], ["report", "/nonexistent/input", "--out", "X"],
    ["report", "--out", "X"], ["frobnicate"],
  ])
  func usageErrorsExit64AndWriteNothing(arguments: [String]) {
    let scratch = ScratchDirectory()
    let input = scratch.write("in.jsonl", good + "\n")
    var args = arguments.map { $0 == "X" ? scratch.path + "/out" : $0 }
    if args.first != "frobnicate" && !args.contains("/nonexistent/input")
      && args != ["report", "--out", scratch.path + "/out"]
    {
      args.insert(input, at: 1)
    }
    args.append("--quiet")
    #expect(exitStatus(args) == 64, "\(arguments)")
    #expect(scratch.outputs.isEmpty)
  }

  @Test func damagedInputExits3ButStillWritesOutputs() {
    let scratch = ScratchDirectory()
    let whole = GzipWriter.member(Array((good + "\n" + good + "\n").utf8))
    let input = scratch.write("cut.gz", Array(whole.dropLast(10)))
    #expect(exitStatus(["report", input, "--out", scratch.path + "/out", "--quiet"]) == 3)
    #expect(scratch.outputs.contains("report.csv"))
  }

  @Test func rejectRateLimit() {
    let scratch = ScratchDirectory()
    let input = scratch.write("in.jsonl", good + "\n[1]\n\n")
    let out = scratch.path + "/out"
    #expect(exitStatus(["report", input, "--out", out, "--quiet", "--max-reject-rate", "0.5"]) == 0)
    #expect(exitStatus(["report", input, "--out", out, "--quiet", "--max-reject-rate", "49%"]) == 2)
    #expect(exitStatus(["report", input, "--out", out, "--quiet", "--max-reject-rate", "100%"]) == 0)
    // The default limit is 1%; over it, every output is still written and the line is kept.
    try? FileManager.default.removeItem(atPath: out)
    #expect(exitStatus(["report", input, "--out", out, "--quiet"]) == 2)
    #expect(exitStatus(["snapshot", input, "--out", out, "--quiet"]) == 2)
    #expect(Set(scratch.outputs).isSuperset(of: ["report.csv", "user_costs.csv", "summary.json", "rejects.jsonl"]))
    #expect(String(decoding: scratch.read("out/rejects.jsonl"), as: UTF8.self).contains(#""raw":"[1]""#))
  }

  /// Inputs that hold no file at all (an empty directory, every file hidden) exit 66 and write
  /// nothing, unless `--allow-empty` makes the run clean.
  @Test func noInputFilesExit66UnlessAllowed() {
    let scratch = ScratchDirectory()
    _ = scratch.write("empty/.hidden.jsonl", good + "\n")
    let empty = scratch.path("empty")
    for command in [["report", empty, "--out", scratch.path("out")], ["validate", empty]] {
      #expect(exitStatus(command + ["--quiet"]) == 66, "\(command)")
      #expect(exitStatus(command + ["--quiet", "--allow-empty"]) == 0, "\(command)")
    }
    #expect(exitStatus(["snapshot", empty, "--out", scratch.path("out2"), "--quiet"]) == 66)
    #expect(!FileManager.default.fileExists(atPath: scratch.path("out2")), "nothing written")
    #expect(scratch.outputs.contains("report.csv"), "an allowed empty run writes its outputs")
  }

  @Test func validateFailsOnAnyRejectAndPassesCleanFiles() {
    let scratch = ScratchDirectory()
    let clean = scratch.write("clean.jsonl", good + "\n")
    let dirty = scratch.write("dirty.jsonl", good + "\n{\n")
    #expect(exitStatus(["validate", clean, "--quiet"]) == 0)
    #expect(exitStatus(["validate", dirty, "--quiet"]) == 2)
    #expect(scratch.outputs.isEmpty)
    #expect(exitStatus(["validate", dirty, "--quiet", "--out", scratch.path + "/out"]) == 2)
    #expect(Set(scratch.outputs) == ["summary.json", "rejects.jsonl", "conflicts.jsonl"])
  }

  @Test func generateIsDeterministic() throws {
    let scratch = ScratchDirectory()
    let args = ["--days", "1", "--events-per-day", "50", "--seed", "7"]
    #expect(exitStatus(["generate", "--out", scratch.path + "/a"] + args) == 0)
    #expect(exitStatus(["generate", "--out", scratch.path + "/b"] + args) == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/a").sorted()
    #expect(names.count == 2)
    for name in names {
      #expect(
        FileManager.default.contents(atPath: scratch.path + "/a/" + name)
          == FileManager.default.contents(atPath: scratch.path + "/b/" + name))
    }
  }
}

@Suite struct PlanParsingTests {
  @Test func dateOnlyWindowsAreMidnightInTheZone() throws {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    #expect(try PlanParsing.instant("2026-11-01", zone: berlin, flag: "--from").description == "2026-10-31T23:00:00Z")
    #expect(try PlanParsing.instant("2026-07-01", zone: berlin, flag: "--from").description == "2026-06-30T22:00:00Z")
    #expect(
      try PlanParsing.instant("2026-11-01T00:00:00+05:30", zone: berlin, flag: "--from").description
        == "2026-10-31T18:30:00Z")
    #expect(throws: (any Error).self) { try PlanParsing.instant("2026-02-30", zone: berlin, flag: "--from") }
  }
}
