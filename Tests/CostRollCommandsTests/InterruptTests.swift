import Foundation
import Glibc
import Testing

/// A real `costroll` process interrupted mid-run deletes its temporary files, writes no output,
/// and ends by the signal (status 128 + N in a shell), as it would have without cleaning up.
@Suite struct InterruptTests {
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func anInterruptedRunLeavesNoTemporaryFiles(signal: Int32) throws {
    let scratch = Scratch()
    let temporary = scratch.path + "/tmp"
    try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("costroll").path
    #expect(FileManager.default.isExecutableFile(atPath: binary), "build costroll first: swift build")
    // A process started ignoring a signal keeps ignoring it (a shell's background jobs ignore
    // SIGINT): the child must inherit the default.
    Glibc.signal(signal, SIG_DFL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["report", "-", "--out", scratch.path + "/out", "--quiet"]
    process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary + "/"]) { $1 }
    // Standard input stays open: the run waits, mid-way, with its input spooled to a file in
    // `$TMPDIR`, for as long as the test needs, whatever the machine's speed.
    let input = Pipe()
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data((good + "\n").utf8))
    let deadline = Date().addingTimeInterval(30)
    func temporaryFiles() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] }
    while temporaryFiles().isEmpty && Date() < deadline { usleep(10_000) }
    #expect(temporaryFiles().count == 1, "the run spools its standard input to $TMPDIR")

    kill(process.processIdentifier, signal)
    // Should the signal be ignored, closing standard input lets the run end (and the test fail).
    let ended = Date().addingTimeInterval(30)
    while process.isRunning && Date() < ended { usleep(10_000) }
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(process.terminationStatus == signal)
    #expect(temporaryFiles() == [])
    #expect(scratch.outputs == [])
  }
}
