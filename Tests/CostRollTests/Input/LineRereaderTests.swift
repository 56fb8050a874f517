import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct LineRereaderTests {
  func hash(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBufferPointer { LineHash.of($0) } }

  /// Wanted lines come back as first read (CR dropped), from gzip and plain files, by name.
  @Test func readsTheWantedLinesAgain() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let lines = (1...3_000).map { "line \($0)" }
    let gz = directory.write("a.gz", lines: lines.map { $0 + "\r" }, gzip: true)
    let plain = directory.write("b.jsonl", lines: lines)
    let sources = [InputSource(name: "a", path: gz), InputSource(name: "b", path: plain)]
    let wanted: [(origin: LineOrigin, lineHash: UInt64?)] = [
      (LineOrigin(source: "a", line: 1), hash("line 1")), (LineOrigin(source: "a", line: 2_999), hash("line 2999")),
      (LineOrigin(source: "b", line: 17), nil),
    ]
    let found = try LineRereader.lines(wanted, sources: sources)
    #expect(found.count == 3)
    #expect(found[LineOrigin(source: "a", line: 1)] == Array("line 1".utf8))
    #expect(found[LineOrigin(source: "a", line: 2_999)] == Array("line 2999".utf8))
    #expect(found[LineOrigin(source: "b", line: 17)] == Array("line 17".utf8))
    #expect(try LineRereader.lines([], sources: sources).isEmpty)
  }

  /// A line that is not what was read before, or no longer there, fails the run as an input
  /// that changed (exit status 74), naming the file and the line.
  @Test func aFileThatChangedFailsNamingItsLine() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let path = directory.write("a.jsonl", lines: ["one", "two", "three"])
    let sources = [InputSource(name: "a", path: path)]
    for (line, expected) in [(2, hash("TWO")), (9, hash("nine"))] {
      #expect {
        try LineRereader.lines([(LineOrigin(source: "a", line: line), expected)], sources: sources)
      } throws: { error in
        error as? CostRollError == .inputChanged(path: "a", line: line)
      }
    }
    let changed = CostRollError.inputChanged(path: "a", line: 2)
    #expect(ExitStatus(changed) == .ioFailure)
    #expect(changed.description.hasPrefix("a:2: the file changed while costroll read it"))
    #expect(changed.hint.hasPrefix("run again once the file is complete"))
  }
}
