import Foundation

/// The nightly scenario: does a run cost time in proportion to the new data, not the history?
/// Times `costroll run` on one new day with an empty state store, then the same day after
/// `days` days were ingested (in one earlier run), each as a child process.
enum NightlyBench {
  static func run(binary: String, data: String, days: Int) throws -> [String] {
    let files = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasSuffix(".gz") }.sorted()
    // Two files per generated day, named by date: the last day's pair is the "new" night.
    guard files.count >= 4 else { throw BenchError("--nightly needs at least two generated days") }
    let newDay = Array(files.suffix(2))
    let history = Array(files.dropLast(2))
    let root = NSTemporaryDirectory() + "costroll-bench-nightly-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: root) }

    func pipeline(_ name: String) throws -> (file: String, drop: String) {
      let directory = root + "/" + name
      try FileManager.default.createDirectory(atPath: directory + "/drop", withIntermediateDirectories: true)
      let yaml = """
        version: 1
        inputs: [drop]
        output: out
        reports:
          - name: by_user_service_day
            group_by: [user_id, service]
            bucket: day
        snapshot: {}
        """
      try yaml.write(toFile: directory + "/pipeline.yml", atomically: true, encoding: .utf8)
      return (directory + "/pipeline.yml", directory + "/drop")
    }
    func deliver(_ names: [String], to drop: String) throws {
      for name in names {
        try FileManager.default.createSymbolicLink(atPath: drop + "/" + name, withDestinationPath: data + "/" + name)
      }
    }
    func time(_ file: String) throws -> ChildRun {
      let run = try ChildRun.run([binary, "run", file, "--quiet", "--as-of", "2026-12-31T00:00:00Z"])
      guard run.status == 0 || run.status == 2 else { throw BenchError("costroll run exited \(run.status)") }
      return run
    }

    let alone = try pipeline("alone")
    try deliver(newDay, to: alone.drop)
    let aloneRun = try time(alone.file)

    let nightly = try pipeline("after-history")
    try deliver(history, to: nightly.drop)
    let historyRun = try time(nightly.file)
    try deliver(newDay, to: nightly.drop)
    let afterRun = try time(nightly.file)
    // Nothing new: what publishing the reports over the whole history costs by itself.
    let publishRun = try time(nightly.file)

    func row(_ name: String, _ run: ChildRun) -> String {
      String(format: "| %@ | %.2f | %.2f | %.0f |", name, run.wallSeconds, run.cpuSeconds, run.peakMegabytes)
    }
    return [
      "", "nightly scenario: one new day (\(newDay.count) files) alone and after \(history.count / 2) days",
      "| costroll run | wall s | CPU s | peak MB |", "|---|---|---|---|",
      row("new day, empty state store", aloneRun), row("\(history.count / 2) days of history in one run", historyRun),
      row("new day after the history", afterRun), row("nothing new (publishing only)", publishRun),
      String(
        format: "new day after history: %.2f s; new day alone + publishing only: %.2f s",
        afterRun.wallSeconds, aloneRun.wallSeconds + publishRun.wallSeconds),
    ]
  }
}
