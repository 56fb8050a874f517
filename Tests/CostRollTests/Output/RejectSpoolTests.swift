import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

/// `rejects.jsonl` is spelled from disk, in (source, line) order, whatever the number of
/// rejections; a run's outcome lists only the first `RunPlan.keptRejections`.
@Suite struct RejectSpoolTests {
  func rejection(_ source: String, _ line: Int) -> Rejection {
    Rejection(
      origin: LineOrigin(source: source, line: line), reason: .malformedJSON, field: nil, detail: "d",
      raw: Array("{\(line)".utf8))
  }

  /// The lines of what `spool` writes, in pieces of any size.
  func written(_ spool: RejectSpool) throws -> [String] {
    var bytes: [UInt8] = []
    try spool.write { piece in bytes += piece }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  /// Sources come out by name, byte-wise (not in argument order), and a file given twice has
  /// its two readings' records merged by line; a source without rejections writes nothing.
  @Test func sourcesByNameAndTwiceGivenFilesMergedByLine() throws {
    let names = ["b.jsonl", "a.jsonl", "b.jsonl", "c.jsonl"]
    let spool = try RejectSpool(sourceNames: names)
    defer { spool.remove() }
    let lines = [[2, 5, 9], [7], [1, 5, 6], []]
    for (source, numbers) in lines.enumerated() {
      let writer = spool.writer(source: source)
      for line in numbers { try writer.append(rejection(names[source], line)) }
      try writer.close()
    }
    let expected =
      [("a.jsonl", 7), ("b.jsonl", 1), ("b.jsonl", 2), ("b.jsonl", 5), ("b.jsonl", 5), ("b.jsonl", 6)]
      + [("b.jsonl", 9)]
    let spelled = expected.map { String(decoding: LineRecords.rejectLine(rejection($0, $1)).dropLast(), as: UTF8.self) }
    #expect(try written(spool) == spelled)
  }

  /// More records than one read buffer holds, with lines long enough to straddle its end.
  @Test func manyRecordsAcrossBuffers() throws {
    let spool = try RejectSpool(sourceNames: ["f"])
    defer { spool.remove() }
    let writer = spool.writer(source: 0)
    let long = String(repeating: "x", count: 3_000)
    for line in 1...2_000 {
      try writer.append(
        Rejection(
          origin: LineOrigin(source: "f", line: line), reason: .notObject, field: nil, detail: long, raw: [0x5B, 0x5D]))
    }
    try writer.close()
    let lines = try written(spool)
    #expect(lines.count == 2_000)
    #expect(lines.first?.hasPrefix(#"{"source":"f","line":1,"#) == true)
    #expect(lines.last?.hasPrefix(#"{"source":"f","line":2000,"#) == true)
  }

  /// Over the kept number, the outcome lists the first rejections by (source, line), and
  /// rejects.jsonl still has every one: the bytes the outcome's rejections spell when all are
  /// kept.
  @Test func aRunKeepsTheFirstRejectionsAndWritesAll() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let inputs = [
      directory.write("b.jsonl", lines: (0..<150).map { _ in "[1]" }),
      directory.write("a.jsonl", lines: (0..<120).map { _ in "{" }),
    ]
    func run(keeping kept: Int) throws -> (outcome: RunOutcome, rejects: [UInt8]) {
      let out = ScratchDirectory()
      defer { out.remove() }
      var plan = RunPlan(inputs: inputs, outputDirectory: out.path, maxRejectRate: nil, job: .validate)
      plan.keptRejections = kept
      let outcome = try CostRollRunner(logger: RunHarness.quietLogger, quiet: true).run(plan)
      return (outcome, out.read("rejects.jsonl"))
    }
    let bounded = try run(keeping: RunPlan.defaultKeptRejections)
    let everything = try run(keeping: .max)
    #expect(bounded.outcome.summary.counts.rejected == 270)
    #expect(bounded.outcome.rejections.map(\.origin) == (1...100).map { LineOrigin(source: inputs[1], line: $0) })
    #expect(everything.outcome.rejections.count == 270)
    #expect(bounded.rejects == everything.outcome.rejections.flatMap(LineRecords.rejectLine))
    #expect(everything.rejects == bounded.rejects)
  }
}
