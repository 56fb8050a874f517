import Foundation

/// The nightly scenario: does a run cost its new data, not its history? Over days of files
/// (two per day, named by date, as `costroll generate` writes them), times as child processes:
/// the one-off `report` + `snapshot` over the history and over history + the new day (from
/// scratch), then `costroll run` over the history in one run, the new day after it, and a run
/// with nothing new; and the state store's bytes per kept event.
enum NightlyBench {
  /// The pipeline's one report (the benchmark's report) and the snapshot.
  static let reportArguments = ["--group-by", "user_id,service", "--bucket", "day"]

  static func run(binary: String, data: String, days: Int) throws -> [String] {
    let files = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasSuffix(".gz") }.sorted()
    guard files.count >= 2 * days + 2 else {
      throw BenchError("--nightly \(days) needs \(days + 1) generated days (\(2 * days + 2) files) in --data")
    }
    let history = Array(files.prefix(2 * days))
    let newDay = Array(files[(2 * days)..<(2 * days + 2)])
    let root = NSTemporaryDirectory() + "costroll-bench-nightly-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: root) }
    let drop = root + "/drop"
    try FileManager.default.createDirectory(atPath: drop, withIntermediateDirectories: true)
    let pipeline = root + "/pipeline.yml"
    try """
    version: 1
    inputs: [drop]
    output: out
    reports:
      - name: by_user_service_day
        group_by: [user_id, service]
        bucket: day
    snapshot: {}
    """.write(toFile: pipeline, atomically: true, encoding: .utf8)
    func deliver(_ names: [String]) throws {
      for name in names {
        try FileManager.default.createSymbolicLink(atPath: drop + "/" + name, withDestinationPath: data + "/" + name)
      }
    }
    func checked(_ arguments: [String]) throws -> ChildRun {
      let run = try ChildRun.run([binary] + arguments)
      guard run.status == 0 || run.status == 2 else {
        throw BenchError("costroll \(arguments[0]) exited \(run.status)")
      }
      return run
    }
    func oneOff(_ name: String) throws -> ChildRun {
      let report = try checked(["report", drop, "--out", root + "/\(name)-report", "--quiet"] + reportArguments)
      let snapshot = try checked(["snapshot", drop, "--out", root + "/\(name)-snapshot", "--quiet"])
      return report.followed(by: snapshot)
    }
    func run() throws -> ChildRun { try checked(["run", pipeline, "--quiet", "--as-of", "2030-01-01T00:00:00Z"]) }

    // Every file read once first, so that the first timed run does not pay for a cold page cache.
    for name in history + newDay { _ = try Data(contentsOf: URL(fileURLWithPath: data + "/" + name)) }
    try deliver(history)
    let historyOneOff = try oneOff("history")
    let historyRun = try run()
    try deliver(newDay)
    let allOneOff = try oneOff("all")
    let newDayRun = try run()
    let nothingNew = try run()
    let reportWrite = try checked(["report", drop, "--out", root + "/again", "--quiet"] + reportArguments)
    let stateBytes = try FileManager.default.attributesOfItem(atPath: root + "/out/state.sqlite")[.size] as? Int ?? 0
    let kept =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: root + "/out/latest/summary.json"))) as? [String: Any]
    let events = kept?["events_unique"] as? Int ?? 0

    func row(_ name: String, _ run: ChildRun) -> String {
      String(format: "| %@ | %.2f | %.2f | %.0f |", name, run.wallSeconds, run.cpuSeconds, run.peakMegabytes)
    }
    func ratio(_ name: String, _ value: Double, target: String) -> String {
      String(format: "%@: %.2f (target %@)", name, value, target)
    }
    return [
      "", "nightly scenario: \(days) days of history (\(history.count) files), then one new day",
      "| \(days) + 1 days | wall s | CPU s | peak MB |", "|---|---|---|---|",
      row("one-off report + snapshot over \(days) days, from scratch", historyOneOff),
      row("one-off report + snapshot over \(days + 1) days, from scratch", allOneOff),
      row("costroll run: \(days) days in one run", historyRun),
      row("costroll run: the new day after \(days) days", newDayRun),
      row("costroll run: nothing new", nothingNew),
      row("one-off report alone over \(days + 1) days (writes the same report)", reportWrite),
      String(
        format: "state store: %.0f bytes per kept event (%d bytes, %d events; target at most 250)",
        Double(stateBytes) / Double(max(1, events)), stateBytes, events),
      ratio(
        "new day / from scratch over \(days + 1) days", newDayRun.wallSeconds / allOneOff.wallSeconds, target: "≤ 0.35"),
      String(format: "new day peak memory: %.0f MB (target ≤ 300)", newDayRun.peakMegabytes),
      ratio(
        "\(days) days in one run / from scratch over \(days) days", historyRun.wallSeconds / historyOneOff.wallSeconds,
        target: "≤ 1.5"),
      ratio("nothing new / one-off report alone", nothingNew.wallSeconds / reportWrite.wallSeconds, target: "≤ 1"),
    ]
  }
}
