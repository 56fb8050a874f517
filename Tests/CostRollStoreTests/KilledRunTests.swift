import CostRoll
import CostRollGenerator
import CostRollStore
import CostRollTestSupport
import Foundation
import Testing

/// `kill -9` at random moments of real `costroll run` processes: state and outputs are always
/// as before a run or as after it, and the next run finishes the job with nothing counted twice
/// or lost.
@Suite struct KilledRunTests {
  /// Starts `costroll ARGS…` with its output discarded and `temporary` as its `$TMPDIR`: a run
  /// killed with `-9` cannot delete its temporary directories, so they go under the scratch
  /// directory rather than the machine's `/tmp`.
  static func start(_ arguments: [String], temporary: String) throws -> Process {
    let process = BuiltBinary.process("costroll", arguments, temporary: temporary)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// `latest`, when it exists, is a complete run: every output `run.json` lists has its SHA-256.
  static func checkLatestIsWhole(_ scratch: PipelineScratch) throws {
    guard FileManager.default.fileExists(atPath: scratch.output + "/latest") else { return }
    let manifest = try #require(
      try JSONSerialization.jsonObject(with: Data(scratch.latest("run.json"))) as? [String: Any],
      "latest has no readable run.json")
    let outputs = try #require(manifest["outputs"] as? [[String: Any]])
    #expect(outputs.count == 11)
    for output in outputs {
      let name = try #require(output["name"] as? String)
      #expect(
        ContentHash.bytes(scratch.latest(name)) == output["sha256"] as? String, "\(name) is not what run.json lists")
    }
  }

  @Test func killedRunsLeaveStateAndOutputsWhole() throws {
    let scratch = PipelineScratch()
    let temporary = scratch.path + "/tmp"
    try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    let pipeline = try scratch.pipeline(PipelineHarness.yaml(scratch))
    let files = PipelineHarness.generated(seed: 11, days: 4, eventsPerDay: 3000)
    var random = SeededRandom(seed: 7)
    var kills = 0
    // Kill points are spread over the last uninterrupted run's duration (first guess: 400 ms).
    var runMicroseconds: UInt32 = 400_000
    for night in 0..<4 {
      scratch.deliver(files[night * 2])
      scratch.deliver(files[night * 2 + 1])
      if night == 3 { scratch.deliver(files[0], as: "again-" + files[0].name) }
      let arguments = [
        "run", pipeline.path, "--quiet", "--as-of", IncrementalRunTests.asOf(night: night).description,
      ]
      for _ in 0..<6 {
        let process = try Self.start(arguments, temporary: temporary)
        usleep(UInt32.random(in: 0..<runMicroseconds, using: &random))
        if process.isRunning {
          kill(process.processIdentifier, SIGKILL)
          kills += 1
        }
        process.waitUntilExit()
        try Self.checkLatestIsWhole(scratch)
      }
      let started = Date()
      let finishing = try Self.start(arguments, temporary: temporary)
      finishing.waitUntilExit()
      runMicroseconds = max(50_000, UInt32(Date().timeIntervalSince(started) * 1_100_000))
      #expect(finishing.terminationStatus == 0)
      try Self.checkLatestIsWhole(scratch)
    }
    #expect(kills >= 8, "too few runs were killed mid-way to test anything (\(kills))")

    try PipelineHarness.expectLatestEqualsFromScratch(
      pipeline, scratch, asOf: IncrementalRunTests.asOf(night: 3), "after \(kills) kills")
    let store = try SQLiteStateStore(path: pipeline.statePath)
    let (runs, ingested) = try store.read { (transaction) throws(CostRollError) in
      (try transaction.runs(), try transaction.ingestedFiles())
    }
    #expect(runs.reduce(0) { $0 + $1.counts.linesRead } == files.prefix(8).reduce(0) { $0 + $1.lines.count })
    #expect(ingested.count == 8)
    // No run directory is left half-written or orphaned.
    let directories = try FileManager.default.contentsOfDirectory(atPath: scratch.output + "/runs")
    #expect(Set(directories).isSubset(of: runs.map(\.name)))
  }
}
