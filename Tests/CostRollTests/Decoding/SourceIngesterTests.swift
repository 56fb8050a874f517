import CostRollGenerator
import CostRollTestSupport
import Testing

@testable import CostRoll

/// Reads `source` into a throwaway in-memory shard and line spool.
func ingest(_ source: InputSource) throws(CostRollError) -> SourceResult {
  let lines = try LineSpool()
  defer { lines.remove() }
  return try SourceIngester.ingest(
    source, into: EventShards(inMemoryShardCount: 1).writer(source: 0), lines: lines.writer(source: 0))
}

@Suite struct SourceIngesterTests {
  let lines = [eventLine(), "", "[1]", eventLine(["id": "\"b\""])]
  var plain: [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

  func ingest(_ bytes: [UInt8]) throws -> SourceResult {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let path = directory.write("input.bin", bytes)
    return try CostRollTests.ingest(InputSource(name: "input.bin", path: path))
  }

  @Test func gzipIsDetectedByContentNotName() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let gz = directory.write("plain.jsonl", GzipWriter.member(plain))
    let text = directory.write("looks.gz", plain)
    for path in [gz, text] {
      let result = try CostRollTests.ingest(InputSource(name: path, path: path))
      #expect(result.counts.linesRead == 4)
      #expect(result.counts.eventsValid == 2)
      #expect(result.file.status == .ok)
    }
  }

  @Test func everyMemberOfAMultiMemberFileIsRead() throws {
    // Members split at every line boundary and mid-line: the lines are the same.
    for cut in [0, 10, plain.count / 2, plain.count - 1, plain.count] {
      let bytes = GzipWriter.member(Array(plain[..<cut])) + GzipWriter.member(Array(plain[cut...]))
      let result = try ingest(bytes)
      #expect(result.counts.linesRead == 4, "cut at \(cut)")
      #expect(result.counts.eventsValid == 2)
      #expect(result.file.status == .ok)
    }
  }

  @Test func truncatedGzipKeepsCompleteLines() throws {
    let whole = GzipWriter.member(plain, level: 0)
    let result = try ingest(Array(whole[..<(whole.count - 30)]))
    #expect(result.file.status == .truncated)
    #expect(result.counts.eventsValid == 1)
    #expect(result.rejections.last?.reason == .truncatedLine)
    #expect(result.counts.linesRead == result.file.lines)
    // Cut inside the trailer: all lines are there, the stream still ended early.
    let inTrailer = try ingest(Array(whole[..<(whole.count - 4)]))
    #expect(inTrailer.file.status == .truncated)
    #expect(inTrailer.counts.eventsValid == 2)
  }

  @Test func badCRCKeepsTheWholeMember() throws {
    var bytes = GzipWriter.member(plain)
    bytes[bytes.count - 6] ^= 0xFF  // inside the CRC32
    let result = try ingest(bytes)
    #expect(result.file.status == .corrupt)
    #expect(result.counts.eventsValid == 2)
    #expect(result.counts.rejected == 1)
  }

  @Test(arguments: [[UInt8](repeating: 0, count: 8), Array("garbage".utf8), [0x1F, 0x8C, 0, 0]])
  func bytesAfterAMemberAreCorrupt(trailer: [UInt8]) throws {
    let result = try ingest(GzipWriter.member(plain) + trailer)
    #expect(result.file.status == .corrupt)
    #expect(result.counts.eventsValid == 2)
  }

  @Test func badHeaderAndBadDeflateDataAreCorrupt() throws {
    var header = GzipWriter.member(plain)
    header[2] = 7  // compression method other than deflate
    #expect(try ingest(header).file.status == .corrupt)
    var body = GzipWriter.member(plain, level: 9)
    for index in 12..<20 { body[index] = 0xFF }
    let result = try ingest(body)
    #expect(result.file.status == .corrupt)
    #expect(result.counts.linesRead == result.counts.blankLines + result.counts.eventsValid + result.counts.rejected)
  }

  @Test func aLoneMagicByteAfterAMemberIsTruncated() throws {
    #expect(try ingest(GzipWriter.member(plain) + [0x1F]).file.status == .truncated)
  }

  @Test func overLongLinesAreRejectedWithAPrefix() throws {
    let long = "{\"id\":\"" + String(repeating: "x", count: 1_100_000) + "\"}"
    let result = try ingest(Array((eventLine() + "\n" + long + "\n" + eventLine(["id": "\"z\""])).utf8))
    #expect(result.counts.eventsValid == 2)
    let rejection = try #require(result.rejections.first)
    #expect(rejection.reason == .lineTooLong)
    #expect(rejection.raw.count == 65_536)
    #expect(rejection.rawBytes == long.utf8.count)
    #expect(rejection.origin.line == 2)
  }

  @Test func missingFileIsAReadError() {
    #expect(throws: CostRollError.self) { try CostRollTests.ingest(InputSource(name: "nope", path: "/nonexistent/x")) }
  }
}
