import CostRollGenerator
import Testing

@testable import CostRoll

@Suite struct LineSpoolTests {
  /// Writes `lines` (line number → bytes) for each source, in number order.
  func spool(_ sources: [[Int: [UInt8]]]) throws -> LineSpool {
    let spool = try LineSpool()
    for (index, lines) in sources.enumerated() {
      let writer = try spool.writer(source: index)
      for number in lines.keys.sorted() {
        try lines[number]!.withUnsafeBufferPointer { try writer.append($0, number: number) }
      }
      try writer.close()
    }
    return spool
  }

  @Test func fetchesExactlyTheKeptLinesAcrossGapsAndFlushes() throws {
    // Source a keeps every third line of 30,000 (over 1 MiB, so the buffers flush mid-way),
    // including line 1 and an empty line; source b keeps only line 7.
    var a: [Int: [UInt8]] = [:]
    for number in stride(from: 1, through: 30_000, by: 3) {
      a[number] = number == 4 ? [] : Array("line \(number) \(String(repeating: "x", count: number % 97))".utf8)
    }
    let spool = try spool([a, [7: Array("seven".utf8)]])
    defer { spool.remove() }
    let names = ["a", "b", "a"]
    let wanted =
      [1, 4, 22_000, 29_998, 2, 30_001].map { LineOrigin(source: "a", line: $0) } + [
        LineOrigin(source: "b", line: 7), LineOrigin(source: "b", line: 6), LineOrigin(source: "c", line: 1),
      ]
    let fetched = try spool.fetch(wanted, sourceNames: names)
    #expect(fetched[LineOrigin(source: "a", line: 1)] == a[1])
    #expect(fetched[LineOrigin(source: "a", line: 4)] == [])
    #expect(fetched[LineOrigin(source: "a", line: 22_000)] == a[22_000])
    #expect(fetched[LineOrigin(source: "a", line: 29_998)] == a[29_998])
    #expect(fetched[LineOrigin(source: "b", line: 7)] == Array("seven".utf8))
    // A line number between kept ones reads as empty; one past the last, or of an unknown
    // source, is left out.
    #expect(fetched[LineOrigin(source: "a", line: 2)] == [])
    #expect(fetched[LineOrigin(source: "b", line: 6)] == [])
    #expect(fetched[LineOrigin(source: "a", line: 30_001)] == nil)
    #expect(fetched[LineOrigin(source: "c", line: 1)] == nil)
    #expect(try spool.fetch([], sourceNames: names).isEmpty)
  }

  @Test func keepsEveryValidEventsRawLineAsIngested() throws {
    let directory = TestDirectory()
    defer { directory.remove() }
    let lines = RunHarness.generatedLines(seed: 5).map { $0 + "\r" }
    let path = directory.write("events.gz", lines: lines, gzip: true)
    let spool = try LineSpool()
    defer { spool.remove() }
    let shards = EventShards(inMemoryShardCount: 1)
    var origins: [LineOrigin] = []
    _ = try SourceIngester.ingest(InputSource(name: "events.gz", path: path)) { event, _ in origins.append(event.origin)
    }
    _ = try SourceIngester.ingest(
      InputSource(name: "events.gz", path: path), into: shards.writer(source: 0), lines: spool.writer(source: 0))
    #expect(origins.count > 100)
    let fetched = try spool.fetch(origins, sourceNames: ["events.gz"])
    #expect(fetched.count == origins.count)
    for origin in origins {
      #expect(fetched[origin] == Array(lines[origin.line - 1].dropLast().utf8))
    }
  }
}
