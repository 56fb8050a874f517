import CostRollGenerator
import CostRollTestSupport
import Testing

@testable import CostRoll

/// The pipelined reader hands out exactly what the plain reader does, in the same order, with
/// the same report, for every kind of input and any block size.
@Suite struct PipelinedLineReaderTests {
  /// A piece without pointers, to compare.
  struct Seen: Equatable {
    var kind: String
    var bytes: [UInt8]
    var total: Int
    var number: Int

    init(_ piece: LineSplitter.Piece) {
      switch piece {
      case .line(let line, let number): (kind, bytes, total, self.number) = ("line", Array(line), line.count, number)
      case .tooLong(let prefix, let total, let number):
        (kind, bytes, self.total, self.number) = ("tooLong", Array(prefix), total, number)
      case .truncated(let prefix, let total, let number):
        (kind, bytes, self.total, self.number) = ("truncated", Array(prefix), total, number)
      }
    }
  }

  static let text = Array(
    ([eventLine(), "", "[1]", "\u{FEFF}not a BOM here", "a\r", eventLine(["id": "\"b\""])].joined(separator: "\n")
      + "\n")
      .utf8)

  /// Inputs: plain text with a BOM and no final newline, multi-member gzip, a truncated and a
  /// corrupt stream, a line over the length limit.
  static var inputs: [(name: String, bytes: [UInt8])] {
    let whole = GzipWriter.member(text, level: 0)
    var corrupt = GzipWriter.member(text)
    corrupt[corrupt.count - 6] ^= 0xFF
    let long = Array(repeating: UInt8(ascii: "x"), count: LineSplitter.defaultMaxLineBytes + 10)
    return [
      ("plain", [0xEF, 0xBB, 0xBF] + text.dropLast()),
      ("members", GzipWriter.member(Array(text[..<50])) + GzipWriter.member(Array(text[50...]))),
      ("truncated", Array(whole[..<(whole.count - 30)])),
      ("corrupt", corrupt),
      ("long", GzipWriter.member(text + long + [0x0A] + text)),
      ("empty", []),
    ]
  }

  @Test(arguments: [1, 100, 1 << 20])
  func piecesAndReportMatchThePlainReader(blockBytes: Int) throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    for input in Self.inputs {
      let source = InputSource(name: input.name, path: directory.write(input.name, input.bytes))
      var expected: [Seen] = []
      let expectedReport = try SourceLineReader.read(source) { expected.append(Seen($0)) }
      var seen: [Seen] = []
      let report = try PipelinedLineReader.read(source, blockBytes: blockBytes) { seen.append(Seen($0)) }
      // Compared as one Bool, so that a failure does not print a megabyte-long line.
      let same = seen == expected
      #expect(same, "\(input.name), blocks of \(blockBytes) bytes: \(seen.count) pieces, \(expected.count) expected")
      #expect(report == expectedReport, "\(input.name)")
      #expect(!expected.isEmpty || input.bytes.isEmpty)
    }
  }

  @Test func aMissingFileThrowsAsThePlainReaderDoes() {
    let source = InputSource(name: "missing.gz", path: "/nonexistent/costroll/missing.gz")
    var plainError: CostRollError?
    do { _ = try SourceLineReader.read(source) { _ in } } catch { plainError = error }
    var pipelinedError: CostRollError?
    do { _ = try PipelinedLineReader.read(source) { _ in } } catch { pipelinedError = error }
    #expect(plainError != nil)
    #expect(pipelinedError == plainError)
  }

  @Test func ingestingPipelinedGivesTheSameResult() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let path = directory.write("events.gz", GzipWriter.member(Self.text))
    let source = InputSource(name: "events.gz", path: path)
    var results: [SourceResult] = []
    for pipelined in [false, true] {
      let lines = try LineSpool()
      defer { lines.remove() }
      results.append(
        try SourceIngester.ingest(
          source, into: EventShards(inMemoryShardCount: 1).writer(source: 0), lines: lines.writer(source: 0),
          pipelined: pipelined))
    }
    #expect(results[0].counts == results[1].counts)
    #expect(results[0].file == results[1].file)
    #expect(results[0].rejections.map(\.origin) == results[1].rejections.map(\.origin))
    #expect(results[0].counts.eventsValid == 2)
  }
}
