import CostRollGenerator
import CostRollTestSupport
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
    // including line 1; source b keeps only line 7.
    var a: [Int: [UInt8]] = [:]
    for number in stride(from: 1, through: 30_000, by: 3) {
      a[number] = Array("line \(number) \(String(repeating: "x", count: number % 97))".utf8)
    }
    // Source 2 is "a" given again, read with nothing kept (its lines are found under source 0).
    let spool = try spool([a, [7: Array("seven".utf8)], [:]])
    defer { spool.remove() }
    let names = ["a", "b", "a"]
    let wanted =
      [1, 4, 22_000, 29_998, 2, 30_001].map { LineOrigin(source: "a", line: $0) } + [
        LineOrigin(source: "b", line: 7), LineOrigin(source: "b", line: 6), LineOrigin(source: "c", line: 1),
      ]
    let fetched = try spool.fetch(wanted, sourceNames: names)
    #expect(fetched[LineOrigin(source: "a", line: 1)] == a[1])
    #expect(fetched[LineOrigin(source: "a", line: 4)] == a[4])
    #expect(fetched[LineOrigin(source: "a", line: 22_000)] == a[22_000])
    #expect(fetched[LineOrigin(source: "a", line: 29_998)] == a[29_998])
    #expect(fetched[LineOrigin(source: "b", line: 7)] == Array("seven".utf8))
    // A line number between kept ones, one past the last, or of an unknown source is left out.
    #expect(fetched[LineOrigin(source: "a", line: 2)] == nil)
    #expect(fetched[LineOrigin(source: "b", line: 6)] == nil)
    #expect(fetched[LineOrigin(source: "a", line: 30_001)] == nil)
    #expect(fetched[LineOrigin(source: "c", line: 1)] == nil)
    #expect(try spool.fetch([], sourceNames: names).isEmpty)
  }

  /// A line is kept when its id may have come before (in this source or another): read once,
  /// a file keeps the later copies of its repeated ids; read again as a second source, every
  /// line. Each kept line is the raw line as ingested, without its CR.
  @Test func keepsTheLinesOfIdsSeenBeforeAsIngested() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let lines = RunHarness.generatedLines(seed: 5).map { $0 + "\r" }
    let path = directory.write("events.gz", lines: lines, gzip: true)
    let spool = try LineSpool(filterBytes: 1 << 16)
    defer { spool.remove() }
    let shards = EventShards(inMemoryShardCount: 1)
    var events: [CostEvent] = []
    _ = try SourceIngester.ingest(InputSource(name: "events.gz", path: path)) { event, _ in events.append(event) }
    let source = InputSource(name: "events.gz", path: path)
    _ = try SourceIngester.ingest(source, into: shards.writer(source: 0), lines: spool.writer(source: 0))
    #expect(events.count > 100)
    var seen: Set<EventID> = []
    let later = events.filter { !seen.insert($0.id).inserted }.map(\.origin)
    #expect(later.count > 10)
    let once = try spool.fetch(events.map(\.origin), sourceNames: ["events.gz"])
    // Every later copy is kept; first copies only by the filter's rare false "maybe".
    #expect(later.allSatisfy { once[$0] != nil })
    #expect(once.count < later.count + 5)
    _ = try SourceIngester.ingest(source, into: shards.writer(source: 1), lines: spool.writer(source: 1))
    let twice = try spool.fetch(events.map(\.origin), sourceNames: ["events.gz", "events.gz"])
    #expect(twice.count == Set(events.map(\.origin)).count)
    for event in events {
      #expect(twice[event.origin] == Array(lines[event.origin.line - 1].dropLast().utf8))
    }
  }

  /// Offered lines stay or go a line late (the filter's word is prefetched); the last one is
  /// settled by `close`, and a kept line after many dropped ones, across buffer flushes, is
  /// read back whole.
  @Test func offeredLinesAreSettledALineLate() throws {
    let spool = try LineSpool(filterBytes: 1 << 16)
    defer { spool.remove() }
    let first = try spool.writer(source: 0)
    let events = (0..<5_000).map { validEvent(eventLine(["id": "\"id-\($0)\""])) }
    let text = (0..<5_000).map { Array("line \($0) \(String(repeating: "y", count: 300))".utf8) }
    for (index, event) in events.enumerated() {
      try text[index].withUnsafeBufferPointer {
        try first.offer($0, number: index + 1, slot: spool.seen.slot(of: event))
      }
    }
    try first.close()
    // Source 1 offers ids 0, 4999 and 2500 again, then one new id last; source 0 kept nothing
    // of its own (every id was new) but what the filter wrongly took for seen.
    let second = try spool.writer(source: 1)
    for (number, index) in [(1, 0), (3, 4_999), (9, 2_500)] {
      try text[index].withUnsafeBufferPointer {
        try second.offer($0, number: number, slot: spool.seen.slot(of: events[index]))
      }
    }
    let fresh = validEvent(eventLine(["id": "\"fresh\""]))
    try Array("fresh".utf8).withUnsafeBufferPointer {
      try second.offer($0, number: 10, slot: spool.seen.slot(of: fresh))
    }
    try second.close()
    let origins = (1...10).map { LineOrigin(source: "b", line: $0) }
    let fetched = try spool.fetch(origins, sourceNames: ["a", "b"])
    #expect(fetched.count == 3)
    #expect(fetched[LineOrigin(source: "b", line: 1)] == text[0])
    #expect(fetched[LineOrigin(source: "b", line: 3)] == text[4_999])
    #expect(fetched[LineOrigin(source: "b", line: 9)] == text[2_500])
    let own = try spool.fetch((1...5_000).map { LineOrigin(source: "a", line: $0) }, sourceNames: ["a", "b"])
    #expect(own.count < 50)
    for (origin, line) in own { #expect(line == text[origin.line - 1]) }
  }
}
