import ArgumentParser
import CostRoll
import Foundation
import Logging

/// `costroll-bench`: generates data, times each stage alone and `costroll report` end to end,
/// and optionally DuckDB on the same files in the same run.
@main
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "costroll-bench",
    abstract: "Benchmark costroll's stages and its report job (optionally against DuckDB) on generated data.",
    discussion: """
      Build both first: swift build -c release --product costroll --product costroll-bench
      Then: .build/release/costroll-bench --events 5000000 --files 16 --compare duckdb --runs 3
      DuckDB comes from PyPI: pip install duckdb
      --compare reference checks the report against an exact one computed in plain Python
      (Tests/Benchmarks/exact_reference.py, standard library only), byte for byte.
      """)

  @Option(help: "Events to generate.") var events = 1_000_000
  @Option(help: "Files (two per generated day).") var files = 16
  @Option(help: "Distinct users.") var users = 5_000
  @Option(name: .customLong("duplicate-rate"), help: "Share of events given an exact second copy.")
  var duplicateRate = 0.01
  @Option(
    name: .customLong("conflict-rate"),
    help: "Share of events given a second copy with another quantity, an hour later.")
  var conflictRate = 0.002
  @Option(name: .customLong("bad-line-rate"), help: "Share of lines that are invalid (eight kinds, chosen at random).")
  var badLineRate = 0.001
  @Option(help: "Random seed.") var seed: UInt64 = 42
  @Option(help: "Use this directory's .gz files instead of generating (kept afterwards).") var data: String?
  @Option(
    help: ArgumentHelp(
      "Compare with: duckdb, reference, or both (duckdb,reference).",
      discussion: "reference: the report checked byte for byte against an exact Python computation (slow)."))
  var compare: String?
  @Option(
    help: ArgumentHelp(
      "Run costroll report (and DuckDB, with --compare duckdb) this many times, alternating.",
      discussion: "The table shows each tool's median run; the notes list every run and each pair's ratio."))
  var runs = 1
  @Flag(help: "Also run costroll on one core (taskset -c 0) for the scaling ratio.") var scaling = false
  @Flag(help: "Keep the generated data.") var keep = false
  @Flag(
    name: .customLong("end-to-end-only"),
    help: "Skip the in-process stage timings (they hold every event in memory; use for 20 M events).")
  var endToEndOnly = false
  @Option(name: .customLong("generate-into"), help: .hidden) var generateInto: String?
  @Option(
    help: ArgumentHelp(
      "Nightly scenario instead: N days of history, then one new day, against one-off runs.",
      discussion: """
        Needs --data with N+1 days as 'costroll generate' writes them, e.g. costroll generate --out D --days 31 \
        --events-per-day 100000 --users 5000, then --nightly 30 --data D.
        """))
  var nightly: Int?

  func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    for name in (compare ?? "").split(separator: ",") where !["duckdb", "reference"].contains(String(name)) {
      throw ValidationError("--compare: unknown '\(name)'; use duckdb, reference or duckdb,reference")
    }
  }

  func run() throws {
    if let generateInto {
      _ = try BenchData.generate(
        into: generateInto, events: events, files: files, users: users, duplicateRate: duplicateRate,
        conflictRate: conflictRate, badLineRate: badLineRate, seed: seed)
      return
    }
    let directory = data ?? NSTemporaryDirectory() + "costroll-bench-\(getpid())"
    defer { if data == nil && !keep { try? FileManager.default.removeItem(atPath: directory) } }
    if data == nil {
      // Generate in a child process: this process must stay small, because a spawned child's
      // peak memory (ru_maxrss) starts from its parent's peak at spawn time.
      let generation = try ChildRun.run(
        [
          CommandLine.arguments[0], "--generate-into", directory, "--events", "\(events)", "--files", "\(files)",
          "--users", "\(users)", "--duplicate-rate", "\(duplicateRate)", "--conflict-rate", "\(conflictRate)",
          "--bad-line-rate", "\(badLineRate)", "--seed", "\(seed)",
        ])
      guard generation.status == 0 else { throw BenchError("generating data failed") }
      print(String(format: "generated data in %.1f s into %@", generation.wallSeconds, directory))
    }
    let inputs = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".gz") }
      .sorted().map { directory + "/" + $0 }
    print("machine: " + Self.machine())
    if nightly != nil {
      let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("costroll").path
      print(try NightlyBench.run(binary: binary, data: directory, days: nightly!).joined(separator: "\n"))
      return
    }
    // Child processes first, while this process is small (see above).
    var children: [(name: String, run: ChildRun)] = []
    var extraRows: [String] = []
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
      "costroll"
    ).path
    let out = NSTemporaryDirectory() + "costroll-bench-out-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let job =
      [binary, "report"] + inputs + ["--out", out, "--group-by", "user_id,service", "--bucket", "day", "--quiet"]
    let comparisons = Set((compare ?? "").split(separator: ",").map(String.init))
    let duckJob =
      ["python3", Self.script("duckdb_report.py"), "--threads", "2", "--out", out + "/duckdb.csv"] + inputs
    // Alternating, so that both tools see the same state of a machine whose speed drifts (on
    // the project's VM the same binary varies by ±20% within minutes).
    var costrollRuns: [ChildRun] = []
    var singleCoreRuns: [ChildRun] = []
    var duckRuns: [ChildRun] = []
    for _ in 0..<runs {
      let run = try ChildRun.run(job)
      guard run.status == 0 || run.status == 2 else { throw BenchError("costroll exited \(run.status)") }
      costrollRuns.append(run)
      if scaling {
        let single = try ChildRun.run(["taskset", "-c", "0"] + job)
        guard single.status == 0 || single.status == 2 else { throw BenchError("costroll exited \(single.status)") }
        singleCoreRuns.append(single)
      }
      guard comparisons.contains("duckdb") else { continue }
      let duck = try ChildRun.run(duckJob)
      guard duck.status == 0 else { throw BenchError("duckdb script exited \(duck.status)") }
      duckRuns.append(duck)
    }
    let costroll = Self.median(costrollRuns)
    let ofRuns = runs > 1 ? ", median" : ""
    children.append(("costroll report (end to end)" + ofRuns, costroll))
    let summary = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
    let costrollTotal = Self.field("total_cost_usd", in: summary)
    if scaling {
      let single = Self.median(singleCoreRuns)
      children.append(("costroll report, 1 core" + ofRuns, single))
      extraRows.append(
        String(format: "| 2 cores vs 1 core | %.2f× faster | | | | |", single.wallSeconds / costroll.wallSeconds))
    }
    var notes = ["costroll total_cost_usd: \(costrollTotal)"]
    if runs == 1 { notes.append("costroll run: " + Self.listing(costrollRuns)) }
    if runs > 1 {
      notes.append("costroll runs: " + Self.listing(costrollRuns))
      if scaling { notes.append("on 1 core:    " + Self.listing(singleCoreRuns)) }
    }
    // Comparisons that failed: the table is still printed, then the run fails.
    var disagreements: [String] = []
    /// `comparison`'s text, after noting a failure against `what`.
    func checked(_ comparison: Comparison, against what: String) -> String {
      if !comparison.agrees { disagreements.append(what) }
      return comparison.text
    }
    if comparisons.contains("duckdb") {
      let duck = Self.median(duckRuns)
      children.append(("DuckDB (threads=2)" + ofRuns, duck))
      if runs == 1 { notes.append("DuckDB run:   " + Self.listing(duckRuns)) }
      if runs > 1 {
        notes.append("DuckDB runs:   " + Self.listing(duckRuns))
        let ratios = zip(costrollRuns, duckRuns).map { $0.wallSeconds / $1.wallSeconds }
        notes.append(
          String(format: "costroll / DuckDB wall, run by run: %.2f–%.2f", ratios.min()!, ratios.max()!))
      }
      let duckTotal = duck.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
      let agreement = checked(Self.agreement(duckTotal, costrollTotal), against: "DuckDB's total")
      notes.append("DuckDB total_cost_usd:   \(duckTotal) (\(agreement))")
      notes.append(
        String(
          format: "costroll / DuckDB%@: wall %.2f, peak memory %.2f", runs > 1 ? " (medians)" : "",
          costroll.wallSeconds / duck.wallSeconds,
          costroll.peakMegabytes / duck.peakMegabytes))
    }
    if comparisons.contains("reference") {
      let reference = try ChildRun.run(
        ["python3", Self.script("exact_reference.py"), "--out", out + "/reference.csv"] + inputs)
      guard reference.status == 0 else { throw BenchError("exact reference script exited \(reference.status)") }
      let printed = reference.standardOutput.split(separator: "\n").map(String.init)
      let referenceTotal = printed.first ?? ""
      let total = Comparison(
        referenceTotal == costrollTotal ? "equal" : "DIFFERENT", agrees: referenceTotal == costrollTotal)
      notes.append("reference total_cost_usd: \(referenceTotal) (\(checked(total, against: "the reference's total")))")
      let counts = Self.countComparison(summary, printed.count > 1 ? printed[1] : "{}")
      notes.append(
        "summary.json counts against the exact reference: " + checked(counts, against: "the reference's counts"))
      let file = Self.fileComparison(out + "/report.csv", out + "/reference.csv")
      notes.append(
        "report.csv against the exact reference: " + checked(file, against: "the reference's report.csv")
          + String(format: " (reference took %.1f s)", reference.wallSeconds))
    }
    let report = try StageBench(inputs: inputs).run(stages: !endToEndOnly)
    let rows = report.rows + children.map { report.row($0.name, $0.run) } + extraRows
    notes.append(
      String(format: "costroll / decompress+split floor: %.2f", costroll.wallSeconds / report.splitWallSeconds))
    print(
      (["| stage | wall s | CPU s | events/s | MB/s of JSON | peak MB |", "|---|---|---|---|---|---|"] + rows)
        .joined(separator: "\n"))
    print(notes.joined(separator: "\n"))
    guard disagreements.isEmpty else {
      throw BenchError("costroll's outputs disagree with " + disagreements.joined(separator: ", ") + " (above)")
    }
  }

  /// The run with the median wall time (the lower middle one of an even count).
  static func median(_ runs: [ChildRun]) -> ChildRun {
    runs.sorted { $0.wallSeconds < $1.wallSeconds }[(runs.count - 1) / 2]
  }

  /// Each run's wall time, peak memory and system time, in the order they ran.
  static func listing(_ runs: [ChildRun]) -> String {
    runs.map { String(format: "%.2f s %.0f MB (system %.2f s)", $0.wallSeconds, $0.peakMegabytes, $0.systemSeconds) }
      .joined(separator: ", ")
  }

  /// What one comparison printed, and whether costroll's output passed it.
  struct Comparison {
    var text: String
    var agrees: Bool
    init(_ text: String, agrees: Bool) {
      self.text = text
      self.agrees = agrees
    }
  }

  /// How two decimal totals compare: equal, within 10^-12, or different. DuckDB's DECIMAL
  /// casts round ties half away from zero where costroll rounds half to even, so its totals
  /// come out higher by up to 10^-18 per tie (`Tests/Benchmarks/duckdb_report.py`).
  static func agreement(_ other: String, _ costroll: String) -> Comparison {
    guard other != costroll else { return Comparison("equal", agrees: true) }
    guard let a = Decimal(string: other), let b = Decimal(string: costroll) else {
      return Comparison("DIFFERENT", agrees: false)
    }
    var difference = a - b
    if difference < 0 { difference = -difference }
    let tolerance = Decimal(sign: .plus, exponent: -12, significand: 1)
    guard difference <= tolerance else { return Comparison("DIFFERENT", agrees: false) }
    return Comparison("agrees within \(difference): DuckDB rounds ties away from zero", agrees: true)
  }

  /// The processor's model, the cores and the memory, so that a table says where it was measured.
  static func machine() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model =
      cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
      .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown processor"
    let info = ProcessInfo.processInfo
    return "\(model), \(info.activeProcessorCount) cores, \(info.physicalMemory >> 30) GiB"
  }

  /// The path of a script under `Tests/Benchmarks/` of this checkout.
  static func script(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Tests/Benchmarks/" + name).path
  }

  /// "equal (…)" when every count the reference printed (a JSON object) equals summary.json's,
  /// or the counts that differ.
  static func countComparison(_ summary: String, _ counts: String) -> Comparison {
    guard
      let ours = try? JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any],
      let theirs = try? JSONSerialization.jsonObject(with: Data(counts.utf8)) as? [String: Int], !theirs.isEmpty
    else { return Comparison("UNREADABLE", agrees: false) }
    let differing = theirs.keys.sorted().filter { (ours[$0] as? Int) != theirs[$0] }
    guard differing.isEmpty else {
      let listed = differing.map { "\($0) \(ours[$0] ?? "?") against \(theirs[$0]!)" }
      return Comparison("DIFFERENT: " + listed.joined(separator: ", "), agrees: false)
    }
    let listed = theirs.keys.sorted().map { "\($0) \(theirs[$0]!)" }
    return Comparison("equal (" + listed.joined(separator: ", ") + ")", agrees: true)
  }

  /// "identical (N lines)", or where two text files first differ.
  static func fileComparison(_ path: String, _ otherPath: String) -> Comparison {
    guard let data = FileManager.default.contents(atPath: path),
      let other = FileManager.default.contents(atPath: otherPath)
    else { return Comparison("MISSING FILE", agrees: false) }
    let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
    guard data != other else { return Comparison("identical (\(lines.count - 1) lines)", agrees: true) }
    let otherLines = other.split(separator: 0x0A, omittingEmptySubsequences: false)
    let first =
      zip(lines, otherLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(lines.count, otherLines.count)
    return Comparison(
      "DIFFERENT from line \(first + 1) (\(lines.count - 1) against \(otherLines.count - 1) lines)", agrees: false)
  }

  /// A top-level string field of summary.json.
  static func field(_ name: String, in json: String) -> String {
    guard let range = json.range(of: "\"\(name)\": \"") else { return "?" }
    return String(json[range.upperBound...].prefix { $0 != "\"" })
  }
}
