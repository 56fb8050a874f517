import CostRollGenerator
import CostRollTestSupport
import Foundation
import Glibc
import Testing

/// A run's outputs change as a set: checked before any work, written and synced under temporary
/// names, renamed into place together; a failure leaves the previous set whole, and files of an
/// earlier run are never left mixed in without a word.
@Suite struct OutputSetTests {
  /// Lines enough for outputs of a few hundred kilobytes (a row per user, podcast and hour).
  static func manyRows() -> String {
    var settings = GeneratorSettings()
    settings.days = 2
    settings.eventsPerDay = 1_500
    settings.users = 300
    settings.badLineRate = 0
    var generator = EventGenerator(settings: settings)
    return generator.files().flatMap(\.lines).joined(separator: "\n") + "\n"
  }

  @Test func outputsOfAnEarlierRunAreNamedOrRemoved() throws {
    let scratch = ScratchDirectory()
    let input = scratch.write("in.jsonl", good + "\n")
    let out = scratch.path("out")
    #expect(try BuiltBinary.run("costroll", ["report", input, "--out", out, "--quiet"]).status == 0)
    let csvOnly = try BuiltBinary.run("costroll", ["report", input, "--out", out, "--quiet", "--format", "csv"])
    #expect(csvOnly.status == 0)
    #expect(csvOnly.errors.contains("report.json: from an earlier run, not written by this one; pass --clean"))
    #expect(scratch.outputs.contains("report.json"))
    let cleaned = try BuiltBinary.run("costroll", ["report", input, "--out", out, "--format", "csv", "--clean"])
    #expect(cleaned.status == 0)
    #expect(!scratch.outputs.contains("report.json"))
    #expect(scratch.outputs.contains("report.csv") && scratch.outputs.contains("summary.json"))
    // validate writes no report: the report is named, then removed with --clean.
    let validated = try BuiltBinary.run("costroll", ["validate", input, "--out", out, "--quiet"])
    #expect(validated.status == 0 && validated.errors.contains("report.csv: from an earlier run"))
    #expect(try BuiltBinary.run("costroll", ["validate", input, "--out", out, "--quiet", "--clean"]).status == 0)
    #expect(!scratch.outputs.contains("report.csv") && scratch.outputs.contains("summary.json"))
  }

  /// An `--out` that cannot be a directory fails at once, before the input is read: standard
  /// input is never closed here, so a run that started reading would wait forever.
  @Test func anUnwritableOutFailsBeforeReading() throws {
    let scratch = ScratchDirectory()
    let notADirectory = scratch.write("file", "x")
    for out in [notADirectory, notADirectory + "/sub"] {
      let process = scratch.costroll(["report", "-", "--out", out, "--quiet"])
      let input = Pipe()
      process.standardInput = input
      process.standardError = FileHandle.nullDevice
      try process.run()
      let deadline = Date().addingTimeInterval(30)
      while process.isRunning && Date() < deadline { usleep(10_000) }
      #expect(!process.isRunning, "the run waited for its input")
      try? input.fileHandleForWriting.close()
      process.waitUntilExit()
      #expect(process.terminationStatus == 74)
    }
    #expect(scratch.temporaryFiles.isEmpty, "standard input was never spooled")
    #expect(exitStatus(["report", "-", "--out", "-"]) == 64)
  }

  /// On a full disk (a small tmpfs) a run fails with 74 and leaves the previous outputs byte for
  /// byte, with no temporary file beside them. Needs root to mount; says so and passes without.
  @Test func aFullDiskLeavesThePreviousOutputsWhole() throws {
    let scratch = ScratchDirectory()
    let out = scratch.path("disk")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    guard try ChildOutput.run("mount", ["-t", "tmpfs", "-o", "size=192k", "tmpfs", out]).status == 0 else {
      print("OutputSetTests: cannot mount a tmpfs here (not root?); the full-disk case was not run")
      return
    }
    defer { _ = try? ChildOutput.run("umount", [out]) }
    let input = scratch.write("many.jsonl", Self.manyRows())
    let small = ["report", input, "--out", out, "--quiet", "--max-reject-rate", "100%"]
    #expect(exitStatus(small) == 0)
    let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    let bytes = before.map { FileManager.default.contents(atPath: out + "/" + $0) }
    // The disk fills while the report itself is written.
    let big = small + ["--group-by", "user_id,podcast_id,episode_id", "--bucket", "hour"]
    // The disk fills while rejects.jsonl is written, after a new, different report is complete:
    // that report must not appear either, since nothing is renamed before every file is done.
    let garbage = scratch.write("garbage.jsonl", String(repeating: "[1]\n", count: 5_000) + good + "\n")
    let rejects = ["report", garbage, "--out", out, "--quiet", "--max-reject-rate", "100%"]
    for failing in [big, rejects] {
      #expect(exitStatus(failing) == 74)
      #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == before)
      #expect(before.map { FileManager.default.contents(atPath: out + "/" + $0) } == bytes)
    }
    #expect(before.contains("report.json") && before.contains("summary.json"))
  }
}
