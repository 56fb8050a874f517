import CostRollTestSupport
import Foundation
import Testing

/// What a run says on stderr: a progress line through every phase on a terminal, nothing of
/// it under cron, and the run's normal facts only with `--verbose`.
@Suite struct ProgressTests {
  @Test func aTerminalSeesEveryPhaseAndCronSeesNoProgress() throws {
    let scratch = ScratchDirectory()
    let input = scratch.write("in.jsonl", String(repeating: good + "\n", count: 10))
    let command = [BuiltBinary.path("costroll"), "report", input, "--out", scratch.path("out")]
    // `script` runs the command on a pseudo-terminal, as a person at a terminal would.
    let terminal = try ChildOutput.run("script", ["-qc", command.joined(separator: " "), "/dev/null"])
    #expect(terminal.status == 0, "\(terminal.errors)")
    for phase in ["reading 1/1 files", "deduplicating and aggregating", "writing outputs"] {
      #expect(terminal.output.contains(phase), "\(phase) in \(terminal.output.debugDescription)")
    }
    let cron = try BuiltBinary.run("costroll", Array(command.dropFirst()))
    #expect(cron.status == 0)
    #expect(!cron.errors.contains("\r") && !cron.errors.contains("elapsed"), "\(cron.errors)")
  }

  @Test func spillingIsSaidOnlyWhenVerbose() throws {
    let scratch = ScratchDirectory()
    let input = scratch.write("in.jsonl", String(repeating: good + "\n", count: 10))
    let base = ["report", input, "--out", scratch.path("out"), "--memory-budget", "1"]
    let normal = try BuiltBinary.run("costroll", base)
    #expect(normal.status == 0 && !normal.errors.contains("shards on disk"), "\(normal.errors)")
    // A 1 MB budget holds 10 lines in memory; the verbose line says where the shards are.
    let verbose = try BuiltBinary.run("costroll", base + ["--verbose"])
    #expect(verbose.status == 0)
    #expect(verbose.errors.contains("shards in memory"), "\(verbose.errors)")
    // And how long each phase took, which a normal run does not say.
    for phase in ["reading took", "deduplicating and aggregating took", "writing outputs took"] {
      #expect(verbose.errors.contains(phase), "\(phase) in \(verbose.errors)")
    }
    #expect(!normal.errors.contains(" took "), "\(normal.errors)")
  }
}
