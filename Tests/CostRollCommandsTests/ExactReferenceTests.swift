import CostRollGenerator
import CostRollTestSupport
import Foundation
import Testing

/// `costroll report --group-by user_id,service --bucket day` gives the same bytes as the
/// benchmark's exact reference (`Tests/Benchmarks/exact_reference.py`: Python's gzip and json
/// modules and `decimal`, written from the format's rules, not from costroll's code). The
/// benchmark runs the same comparison at scale with `--compare reference`.
@Suite struct ExactReferenceTests {
  /// The repository's `Tests/` directory.
  static let testsDirectory = Repository.url("Tests")

  /// Runs the reference on `inputs`; returns its CSV, its printed grand total and its counts.
  static func reference(_ inputs: [String], out: String) throws -> (csv: Data?, total: String, counts: [String: Int]) {
    let script = testsDirectory.appendingPathComponent("Benchmarks/exact_reference.py").path
    let run = try ChildOutput.run("python3", [script, "--out", out] + inputs)
    #expect(run.status == 0, "python3 must be on PATH")
    let lines = run.output.split(separator: "\n").map(String.init)
    let counts = lines.count > 1 ? try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Int] : nil
    return (FileManager.default.contents(atPath: out), lines.first ?? "", counts ?? [:])
  }

  /// Both reports and costroll's summary total for `inputs`.
  static func compare(_ inputs: [String], in scratch: ScratchDirectory) throws {
    let out = scratch.path + "/out"
    #expect(
      exitStatus(
        ["report"] + inputs + [
          "--out", out, "--group-by", "user_id,service", "--bucket", "day", "--quiet", "--max-reject-rate", "100%",
        ])
        == 0)
    let (expected, total, counts) = try reference(inputs, out: scratch.path + "/reference.csv")
    let report = FileManager.default.contents(atPath: out + "/report.csv")
    #expect(report != nil && report == expected)
    let summaryBytes = FileManager.default.contents(atPath: out + "/summary.json") ?? Data()
    let summary = String(decoding: summaryBytes, as: UTF8.self)
    #expect(summary.contains("\"total_cost_usd\": \"\(total)\""), "reference total \(total)")
    // Line accounting and dedup, counted independently: every line, blank, valid or rejected,
    // and every valid copy, unique, duplicate or conflict.
    let fields = try JSONSerialization.jsonObject(with: summaryBytes) as? [String: Any] ?? [:]
    #expect(counts.count == 7)
    for (name, count) in counts { #expect(fields[name] as? Int == count, "\(name)") }
  }

  /// Generated days with many duplicates, conflicts (a later, different copy) and bad lines.
  @Test func generatedDataMatchesTheReference() throws {
    let scratch = ScratchDirectory()
    var settings = GeneratorSettings()
    settings.seed = 11
    settings.days = 2
    settings.eventsPerDay = 3_000
    settings.users = 300
    settings.duplicateRate = 0.1
    settings.conflictRate = 0.05
    settings.badLineRate = 0.05
    var generator = EventGenerator(settings: settings)
    let inputs = try generator.write(to: scratch.path + "/in")
    try Self.compare(inputs, in: scratch)
  }

  /// Hand-made edge cases (`Fixtures/edge-cases.jsonl`, and the same lines reversed in a
  /// two-member gzip file): a BOM, JavaScript double spellings, ties at the 18th digit, values at
  /// and just under 10^15, derived totals, offsets down to `±HH`, year and hour limits, a lone
  /// surrogate, escapes, duplicate keys at depth, nesting at the limit and over it, invalid
  /// UTF-8, C1 control characters, a formula-like service, a cell that needs quoting, UUID ids
  /// in two cases, and copies of one id decided by `created_at`, then by raw line.
  @Test func edgeCasesMatchTheReference() throws {
    let scratch = ScratchDirectory()
    let fixtures = Self.testsDirectory.appendingPathComponent("CostRollCommandsTests/Fixtures")
    let inputs = ["edge-cases.jsonl", "edge-cases-reversed.jsonl.gz"].map { fixtures.appendingPathComponent($0).path }
    try Self.compare(inputs, in: scratch)
  }
}
