import Foundation
import Testing

/// `costroll-bench` fails (status 1, after printing its table) when costroll's outputs disagree
/// with a comparison, and passes when they agree: the real bench binary on generated data, with
/// the exact reference (plain Python) or a stand-in `python3` that reports a wrong total.
@Suite struct BenchVerdictTests {
  /// The bench's exit status, stdout and stderr for `arguments`, with `path` first in `$PATH`.
  func bench(_ arguments: [String], pathFirst: String? = nil) throws -> (status: Int32, output: String, errors: String)
  {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("costroll-bench").path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build costroll-bench first: swift build")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    if let pathFirst { environment["PATH"] = pathFirst + ":" + (environment["PATH"] ?? "/usr/bin:/bin") }
    process.environment = environment
    let (output, errors) = (Pipe(), Pipe())
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let printed = output.fileHandleForReading.readDataToEndOfFile()
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: printed, as: UTF8.self), String(decoding: said, as: UTF8.self))
  }

  let small = ["--events", "3000", "--files", "2", "--users", "50", "--end-to-end-only", "--compare", "reference"]

  @Test func aReferenceThatDisagreesFailsTheRun() throws {
    let stand = NSTemporaryDirectory() + "costroll-bench-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: stand, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: stand) }
    // Prints a total no run of this data has, and no counts.
    let script = stand + "/python3"
    try "#!/bin/sh\necho 1.5\necho '{}'\n".write(toFile: script, atomically: true, encoding: .utf8)
    #expect(chmod(script, 0o755) == 0)
    let run = try bench(small, pathFirst: stand)
    #expect(run.status == 1, "\(run.errors)")
    #expect(run.output.contains("| costroll report (end to end) |"), "the table is printed first")
    #expect(run.output.contains("reference total_cost_usd: 1.5 (DIFFERENT)"))
    #expect(run.errors.contains("disagree with the reference's total"), "\(run.errors)")
  }

  @Test func theExactReferenceAgrees() throws {
    let run = try bench(small)
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.contains("report.csv against the exact reference: identical"), "\(run.output)")
  }
}
