import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct EventShardsTests {
  /// Two sources' events (UUID and text ids, with and without optional fields) in `spill`.
  static func fill(_ spill: EventShards, in directory: ScratchDirectory) throws -> Int {
    let lines =
      RunHarness.generatedLines(seed: 5) + [
        eventLine(["id": "\"a-text-id\"", "created_at": "\"2026-11-24T13:05:23Z\""]),
        eventLine(["id": "\"\(String(repeating: "x", count: 128))\""], removing: ["user_id"]),
      ]
    let spool = try LineSpool()
    defer { spool.remove() }
    let sources = [
      directory.write("a.jsonl", lines: Array(lines.prefix(200))),
      directory.write("b.jsonl", lines: Array(lines.dropFirst(200))),
    ].map { InputSource(name: $0, path: $0) }
    for (index, source) in sources.enumerated() {
      _ = try SourceIngester.ingest(source, into: spill.writer(source: index), lines: spool.writer(source: index))
    }
    return sources.count
  }

  /// A spilled shard read through a buffer of any size comes in pieces of whole records that
  /// add up to its files' bytes, source by source; the same bytes as the shard kept in memory;
  /// the files stay until the shard is released.
  @Test func spilledRecordsComeInPiecesOfWholeRecordsAtAnyBufferSize() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let spill = try EventShards(shardCount: 2)
    defer { spill.remove() }
    let memory = EventShards(inMemoryShardCount: 2)
    let sourceCount = try Self.fill(spill, in: directory)
    _ = try Self.fill(memory, in: directory)
    for shard in 0..<2 {
      let files = (0..<sourceCount).map { spill.path(shard: shard, source: $0) }
      let whole = files.flatMap { (try? Data(contentsOf: URL(fileURLWithPath: $0))).map(Array.init) ?? [] }
      #expect(whole.count > 3 * EventRecord.maxBytes)
      var inMemory: [UInt8] = []
      var buffer: [UInt8] = []
      try memory.forEachRecordPiece(inShard: shard, sourceCount: sourceCount, buffer: &buffer) {
        inMemory += $0
      }
      #expect(inMemory == whole)
      for chunkBytes in [0, 1, 7, 100, 999, EventRecord.maxBytes, 5_000, 1 << 20] {
        var read: [UInt8] = []
        var pieces = 0
        var cutInsideARecord = false
        try spill.forEachRecordPiece(inShard: shard, sourceCount: sourceCount, buffer: &buffer, chunkBytes: chunkBytes)
        {
          piece in
          var offset = 0
          while offset < piece.count { EventRecord.skip(piece, at: &offset) }
          if offset != piece.count { cutInsideARecord = true }
          read += piece
          pieces += 1
        }
        #expect(read == whole, "chunk of \(chunkBytes) bytes")
        #expect(!cutInsideARecord, "chunk of \(chunkBytes) bytes")
        if chunkBytes < 1_000 { #expect(pieces > 2) }
      }
      // Reading leaves the files (dedup reads a shard twice); releasing deletes them.
      #expect(files.contains { FileManager.default.fileExists(atPath: $0) })
      spill.release(shard: shard, sourceCount: sourceCount)
      #expect(files.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
    }
  }

  /// A spill file cut inside a record (damaged from outside the run) fails the read, naming
  /// the file, at any buffer size, instead of handing dedup a partial record.
  @Test func aSpillFileThatEndsInsideARecordIsAReadFailure() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let spill = try EventShards(shardCount: 1)
    defer { spill.remove() }
    let sourceCount = try Self.fill(spill, in: directory)
    let path = spill.path(shard: 0, source: 1)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.dropLast(9).write(to: URL(fileURLWithPath: path))
    for chunkBytes in [0, 100, 1 << 20] {
      var buffer: [UInt8] = []
      #expect {
        try spill.forEachRecordPiece(inShard: 0, sourceCount: sourceCount, buffer: &buffer, chunkBytes: chunkBytes) {
          _ in
        }
      } throws: { error in
        guard case .readFailed(let failedPath, let reason) = error as? CostRollError else { return false }
        return failedPath == path && reason.contains("inside a record")
      }
    }
  }
}
