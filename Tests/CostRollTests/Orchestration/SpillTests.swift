import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

/// Spilling dedup shards to disk changes memory, never a byte of output.
@Suite struct SpillTests {
  @Test(arguments: [12, 13] as [UInt64])
  func spilledRunsWriteTheSameBytesAsInMemoryRuns(seed: UInt64) throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let lines = RunHarness.generatedLines(seed: seed)
    let paths = [
      directory.write("a.jsonl.gz", lines: Array(lines.prefix(300)), gzip: true),
      directory.write("b.jsonl", lines: Array(lines.dropFirst(200))),
    ]
    #expect(SpillDecision.shardCount(for: paths.map { InputSource(name: $0, path: $0) }, budgetBytes: 1) != nil)
    for job in [RunHarness.report(), RunHarness.report(keys: [.episodeID, .unit], bucket: .week), RunHarness.snapshot] {
      let inMemory = try RunHarness.run(paths, job: job)
      let spilled = try RunHarness.run(paths, job: job, memoryBudgetBytes: 1)
      #expect(inMemory.files == spilled.files)
      #expect(inMemory.outcome.summary.conflicts > 0)
    }
  }

  @Test func shardsGrowWithTheInputPast64() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    /// The shard count for one sparse (never written) plain-JSON file of `bytes` bytes.
    func shards(forJSONBytes bytes: Int64) throws -> Int? {
      let path = directory.path + "/big-\(bytes).jsonl"
      #expect(FileManager.default.createFile(atPath: path, contents: nil))
      #expect(truncate(path, off_t(bytes)) == 0)
      return SpillDecision.shardCount(for: [InputSource(name: path, path: path)], budgetBytes: 256 << 20)
    }
    let mb: Int64 = 1 << 20
    #expect(try shards(forJSONBytes: 50 * mb) == nil)
    // By the budget (up to 64, fewer on one core) or by the input (50), whichever is more.
    #expect(try (50...64).contains(shards(forJSONBytes: 2_000 * mb) ?? 0))
    #expect(try shards(forJSONBytes: 5_120 * mb) == 128)
    #expect(try shards(forJSONBytes: 10_240 * mb) == 256)
    #expect(
      try shards(forJSONBytes: 1_000_000 * mb)
        == min(1024, (SpillDecision.openFileLimit() - 256) / ProcessInfo.processInfo.activeProcessorCount))
  }

  @Test func recordsRoundTrip() throws {
    let lines = [
      eventLine(), eventLine(["id": "\"plain-id\"", "user_id": "null", "created_at": "null", "unit_cost_usd": "null"]),
      eventLine([
        "podcast_id": "\"1b4e28ba-2fa1-41d2-883f-0016d3cca427\"",
        "episode_id": "\"1b4e28ba-2fa1-41d2-883f-0016d3cca428\"",
      ]),
    ]
    let events = lines.enumerated().map { validEvent($0.element, source: "src", line: $0.offset + 7) }
    var buffer: [UInt8] = []
    for event in events { EventRecord.append(event, sourceIndex: 0, to: &buffer) }
    var labels = LabelInterner()
    let decoded = buffer.withUnsafeBytes { bytes in
      var offset = 0
      var out: [CostEvent] = []
      while offset < bytes.count { out.append(EventRecord.read(bytes, at: &offset, sources: ["src"], labels: &labels)) }
      return out
    }
    #expect(decoded.count == events.count)
    for (a, b) in zip(events, decoded) {
      #expect(a.hasSameContent(as: b))
      #expect(a.id == b.id && a.createdAt == b.createdAt && a.origin == b.origin)
    }
  }
}
