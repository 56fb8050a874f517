import CostRollGenerator
import CostRollTestSupport
import Foundation
import Logging

@testable import CostRoll

/// Runs the whole pipeline in-process and reads back what it wrote.
struct RunHarness {
  static let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

  /// Runs `job` over `inputs` into a fresh directory; returns the outcome and the files written.
  static func run(
    _ inputs: [String], job: RunPlan.Job, maxRejectRate: Double? = nil,
    memoryBudgetBytes: Int = RunPlan.defaultMemoryBudgetBytes
  ) throws -> (
    outcome: RunOutcome, files: [String: [UInt8]]
  ) {
    let out = ScratchDirectory()
    defer { out.remove() }
    let plan = RunPlan(
      inputs: inputs, outputDirectory: out.path, maxRejectRate: maxRejectRate, memoryBudgetBytes: memoryBudgetBytes,
      job: job)
    let outcome = try CostRollRunner(logger: quietLogger, quiet: true).run(plan)
    var files: [String: [UInt8]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: out.path) { files[name] = out.read(name) }
    return (outcome, files)
  }

  static func report(
    keys: [GroupKey] = [.userID, .service], bucket: BucketSize? = .day, zone: String = "UTC", from: Instant? = nil,
    to: Instant? = nil
  ) -> RunPlan.Job {
    .report(try! ReportPlan(keys: keys, bucket: bucket, zoneName: zone, formats: [.csv, .json], from: from, to: to))
  }

  static let snapshot = RunPlan.Job.snapshot(
    SnapshotPlan(asOf: InstantText.parse("2026-11-25T00:00:00Z")!, assignUnattributedTo: nil))

  /// Generated lines (with duplicates, conflicts and bad lines) for property tests.
  static func generatedLines(seed: UInt64, events: Int = 400) -> [String] {
    var settings = GeneratorSettings()
    settings.seed = seed
    settings.days = 2
    settings.eventsPerDay = events / 2
    settings.users = 12
    settings.duplicateRate = 0.05
    settings.conflictRate = 0.03
    settings.badLineRate = 0.03
    var generator = EventGenerator(settings: settings)
    return generator.files().flatMap(\.lines) + ["", "  "]
  }
}
