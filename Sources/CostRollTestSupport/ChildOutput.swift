import Foundation

/// What a finished child process left: its exit status and what it printed.
public struct ChildOutput: Sendable {
  public var status: Int32
  public var output: String
  public var errors: String

  /// Starts `process`, reads both its streams to their ends and waits for it.
  public static func collect(from process: Process) throws -> ChildOutput {
    let (output, errors) = (Pipe(), Pipe())
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Standard error is read on a thread of its own, so that neither pipe fills while the
    // other is read.
    let said = ReadBuffer()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { said.data = errors.fileHandleForReading.readDataToEndOfFile() }
    let printed = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ChildOutput(
      status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self),
      errors: String(decoding: said.data, as: UTF8.self))
  }

  /// Runs `executable` with `arguments` (looked up on `PATH` through `/usr/bin/env`).
  public static func run(_ executable: String, _ arguments: [String]) throws -> ChildOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    return try collect(from: process)
  }
}

/// What one pipe gave, filled on another thread and read once that thread is done.
private final class ReadBuffer: @unchecked Sendable {
  var data = Data()
}
