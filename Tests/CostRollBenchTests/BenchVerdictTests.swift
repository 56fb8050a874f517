import CostRollTestSupport
import Foundation
import Testing

/// `costroll-bench` fails (status 1, after printing its table) when costroll's outputs disagree
/// with a comparison, and passes when they agree: the real bench binary on generated data, with
/// the exact reference (plain Python) or a stand-in `python3` that reports a wrong total.
@Suite struct BenchVerdictTests {
  /// The bench's exit status, stdout and stderr for `arguments`, with `path` first in `$PATH`.
  func bench(_ arguments: [String], pathFirst: String? = nil) throws -> ChildOutput {
    let path = pathFirst.map { $0 + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") }
    return try BuiltBinary.run("costroll-bench", arguments, environment: path.map { ["PATH": $0] } ?? [:])
  }

  let small = ["--events", "3000", "--files", "2", "--users", "50", "--end-to-end-only", "--compare", "reference"]

  @Test func aReferenceThatDisagreesFailsTheRun() throws {
    let stand = ScratchDirectory(prefix: "costroll-bench-test")
    // Prints a total no run of this data has, and no counts.
    let script = stand.write("python3", "#!/bin/sh\necho 1.5\necho '{}'\n")
    #expect(chmod(script, 0o755) == 0)
    let run = try bench(small, pathFirst: stand.path)
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
