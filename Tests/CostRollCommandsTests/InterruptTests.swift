import CostRollTestSupport
import Foundation
import Glibc
import Testing

/// A real `costroll` process interrupted mid-run deletes its temporary files, writes no output,
/// and ends by the signal (status 128 + N in a shell), as it would have without cleaning up.
@Suite struct InterruptTests {
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func anInterruptedRunLeavesNoTemporaryFiles(signal: Int32) throws {
    let scratch = ScratchDirectory()
    // A process started ignoring a signal keeps ignoring it (a shell's background jobs ignore
    // SIGINT): the child must inherit the default.
    Glibc.signal(signal, SIG_DFL)
    let process = scratch.costroll(["report", "-", "--out", scratch.path + "/out", "--quiet"])
    // Standard input stays open: the run waits, mid-way, with its input spooled to a file in
    // `$TMPDIR`, for as long as the test needs, whatever the machine's speed.
    let input = Pipe()
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data((good + "\n").utf8))
    let deadline = Date().addingTimeInterval(30)
    while scratch.temporaryFiles.isEmpty && Date() < deadline { usleep(10_000) }
    #expect(scratch.temporaryFiles.count == 1, "the run spools its standard input to $TMPDIR")

    kill(process.processIdentifier, signal)
    // Should the signal be ignored, closing standard input lets the run end (and the test fail).
    let ended = Date().addingTimeInterval(30)
    while process.isRunning && Date() < ended { usleep(10_000) }
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(process.terminationStatus == signal)
    #expect(scratch.temporaryFiles == [])
    #expect(scratch.outputs == [])
  }

  /// A run killed with `SIGKILL` cannot clean up; the next run deletes what it left in `$TMPDIR`
  /// (once it is a minute old), and leaves a live run's files alone however old they are.
  @Test func theNextRunDeletesWhatAKilledRunLeft() throws {
    let scratch = ScratchDirectory()
    let temporary = scratch.temporary
    /// A report reading standard input, held mid-run (its input spooled to `$TMPDIR`) until
    /// the pipe is closed; returns it once its spool directory exists.
    func heldRun(name: String) throws -> (process: Process, input: Pipe, directory: String) {
      let before = scratch.temporaryFiles
      let process = scratch.costroll(["report", "-", "--out", scratch.path + "/" + name, "--quiet"])
      let input = Pipe()
      process.standardInput = input
      try process.run()
      input.fileHandleForWriting.write(Data((good + "\n").utf8))
      let deadline = Date().addingTimeInterval(30)
      while scratch.temporaryFiles.subtracting(before).isEmpty && Date() < deadline { usleep(10_000) }
      let made = try #require(scratch.temporaryFiles.subtracting(before).first)
      return (process, input, made)
    }
    let killed = try heldRun(name: "killed")
    kill(killed.process.processIdentifier, SIGKILL)
    killed.process.waitUntilExit()
    try? killed.input.fileHandleForWriting.close()
    let live = try heldRun(name: "live")
    #expect(scratch.temporaryFiles == [killed.directory, live.directory])
    // Both look an hour old: only the lock tells the live run's directory from the dead one's.
    let then = timeval(tv_sec: time(nil) - 3600, tv_usec: 0)
    for name in [killed.directory, live.directory] { #expect(utimes(temporary + "/" + name, [then, then]) == 0) }

    let next = scratch.costroll(["validate", scratch.write("events.jsonl", good + "\n")])
    let errors = Pipe()
    next.standardError = errors
    try next.run()
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    next.waitUntilExit()
    #expect(next.terminationStatus == 0)
    #expect(scratch.temporaryFiles == [live.directory])
    #expect(said.contains("deleted 1 temporary directories"), "\(said)")

    try live.input.fileHandleForWriting.close()
    live.process.waitUntilExit()
    #expect(live.process.terminationStatus == 0)
    #expect(scratch.temporaryFiles == [])
  }
}
