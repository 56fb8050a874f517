import CostRoll
import CostRollGenerator
import CostRollStore
import CostRollTestSupport
import Foundation
import Logging
import Testing

/// A temporary directory holding a pipeline's drop directory, state and outputs.
final class PipelineScratch {
  private let directory = ScratchDirectory(prefix: "costroll-pipeline")
  var path: String { directory.path }
  var drop: String { path + "/drop" }
  var output: String { path + "/out" }
  var state: String { path + "/state/state.sqlite" }

  init() { try! FileManager.default.createDirectory(atPath: drop, withIntermediateDirectories: true) }

  /// Delivers `file` (gzip) into the drop directory as `name`.
  func deliver(_ file: EventGenerator.File, as name: String? = nil) {
    let text = file.lines.joined(separator: "\n") + "\n"
    _ = FileManager.default.createFile(
      atPath: drop + "/" + (name ?? file.name), contents: Data(GzipWriter.member(Array(text.utf8))))
  }

  /// Writes `yaml` as the pipeline file and loads it.
  func pipeline(_ yaml: String) throws -> Pipeline {
    let file = path + "/pipeline.yml"
    try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    return try PipelineFile.load(file)
  }

  func latest(_ name: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: output + "/latest/" + name) ?? Data())
  }
}

/// Runs pipelines and one-off reports in-process.
enum PipelineHarness {
  static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

  /// One nightly run, published.
  @discardableResult
  static func runNight(
    _ pipeline: Pipeline, asOf: Instant, memoryBudgetBytes: Int = RunPlan.defaultMemoryBudgetBytes
  ) throws -> PipelineRunOutcome {
    let lock = try StateLock(statePath: pipeline.statePath)
    defer { lock.release() }
    let store = try SQLiteStateStore(path: pipeline.statePath)
    let runner = PipelineRunner(logger: logger, quiet: true, memoryBudgetBytes: memoryBudgetBytes)
    let outcome = try runner.run(pipeline, store: store, asOf: asOf)
    try runner.publish(outcome, pipeline: pipeline, store: store)
    return outcome
  }

  /// What one `costroll report` over `inputs` writes for `report` of `pipeline` as of `asOf`.
  static func fromScratch(_ pipeline: Pipeline, report: Pipeline.Report, asOf: Instant, inputs: [String]) throws
    -> [String: [UInt8]]
  {
    let scratch = ScratchDirectory(prefix: "costroll-scratch")
    let out = scratch.path
    let plan = RunPlan(
      inputs: inputs, outputDirectory: out, maxRejectRate: nil, categories: pipeline.categories,
      job: .report(try pipeline.plan(for: report, asOf: asOf)))
    _ = try CostRollRunner(logger: logger, quiet: true).run(plan)
    var files: [String: [UInt8]] = [:]
    for format in report.formats {
      files[report.name + "." + format.fileExtension] = Array(
        FileManager.default.contents(atPath: out + "/report." + format.fileExtension)!)
    }
    return files
  }

  /// What one `costroll snapshot` over `inputs` writes, by the pipeline's file names.
  static func snapshotFromScratch(_ pipeline: Pipeline, asOf: Instant, inputs: [String]) throws -> [String: [UInt8]] {
    let scratch = ScratchDirectory(prefix: "costroll-scratch")
    let out = scratch.path
    let plan = RunPlan(
      inputs: inputs, outputDirectory: out, maxRejectRate: nil, categories: pipeline.categories,
      job: .snapshot(SnapshotPlan(asOf: asOf, assignUnattributedTo: pipeline.assignUnattributedTo)))
    _ = try CostRollRunner(logger: logger, quiet: true).run(plan)
    var files: [String: [UInt8]] = [:]
    for format in pipeline.snapshot?.formats ?? [] {
      let name = "user_costs." + format.fileExtension
      files[name] = Array(FileManager.default.contents(atPath: out + "/" + name)!)
    }
    return files
  }

  /// Expects every report and the snapshot in `scratch`'s `latest` to equal, byte for byte, a
  /// one-off `report` / `snapshot` over everything in its drop directory as of `asOf`.
  static func expectLatestEqualsFromScratch(
    _ pipeline: Pipeline, _ scratch: PipelineScratch, asOf: Instant, _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    var expected: [String: [UInt8]] = try snapshotFromScratch(pipeline, asOf: asOf, inputs: [scratch.drop])
    for report in pipeline.reports {
      expected.merge(try fromScratch(pipeline, report: report, asOf: asOf, inputs: [scratch.drop])) { $1 }
    }
    for (name, bytes) in expected.sorted(by: { $0.key < $1.key }) {
      let same = scratch.latest(name) == bytes
      #expect(same, "\(name) differs from a one-off run (\(context))", sourceLocation: sourceLocation)
    }
  }

  /// The generated files of `days` days from `seed`, with more duplicates and conflicts than
  /// the sample data (copies that arrive in later files).
  static func generated(seed: UInt64, days: Int = 5, eventsPerDay: Int = 160) -> [EventGenerator.File] {
    var settings = GeneratorSettings()
    settings.seed = seed
    settings.days = days
    settings.eventsPerDay = eventsPerDay
    settings.users = 12
    settings.duplicateRate = 0.05
    settings.conflictRate = 0.03
    var generator = EventGenerator(settings: settings)
    return generator.files()
  }

  /// The pipeline used by the property and crash tests: a bucketed report, a windowed report in
  /// a DST zone, a grand total, and the snapshot with unattributed events assigned.
  static func yaml(_ scratch: PipelineScratch) -> String {
    """
    version: 1
    inputs: [drop]
    state: state/state.sqlite
    output: out
    time_zone: Europe/Berlin
    reports:
      - name: by_user_service_day
        group_by: [user_id, service]
        bucket: day
      - name: by_category_hour_last_3_days
        group_by: category
        bucket: hour
        window: last 3 days
        formats: csv
      - name: grand_total
    snapshot:
      formats: [csv, json]
    assign_unattributed_to: 00000000-0000-4000-8000-000000000001
    """
  }
}
