import CostRollGenerator
import Testing

@testable import CostRoll

@Suite struct LineFetcherTests {
  @Test func fetchesExactlyTheAskedLinesFromEachSourceOnce() throws {
    let directory = TestDirectory()
    defer { directory.remove() }
    let lines = (1...50).map { "line \($0)\r" }
    let gz = directory.write("a.gz", lines: lines, gzip: true)
    let plain = directory.write("b.jsonl", lines: lines)
    let sources = [
      InputSource(name: "a", path: gz), InputSource(name: "b", path: plain), InputSource(name: "a", path: gz),
    ]
    let wanted = [
      LineOrigin(source: "a", line: 2), LineOrigin(source: "a", line: 40), LineOrigin(source: "b", line: 50),
    ]
    let fetched = try LineFetcher.fetch(wanted, from: sources)
    #expect(fetched.count == 3)
    #expect(fetched[LineOrigin(source: "a", line: 2)] == Array("line 2".utf8))
    #expect(fetched[LineOrigin(source: "a", line: 40)] == Array("line 40".utf8))
    #expect(fetched[LineOrigin(source: "b", line: 50)] == Array("line 50".utf8))
    #expect(try LineFetcher.fetch([], from: sources).isEmpty)
  }
}
