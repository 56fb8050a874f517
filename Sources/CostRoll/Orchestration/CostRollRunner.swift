import Foundation
import Logging

/// Runs a `RunPlan`: read every source, decode, dedup, aggregate, write.
///
/// Inputs and `--out` are checked before anything is read or written, so a usage error writes
/// nothing; the outputs are published as one set (see `write`), even when inputs were damaged
/// or rejects many.
public struct CostRollRunner {
  private let logger: Logger
  private let quiet: Bool

  /// `logger` receives diagnostics (stderr in the CLI); `quiet` silences the progress line.
  public init(logger: Logger, quiet: Bool = false) {
    self.logger = logger
    self.quiet = quiet
  }

  public func run(_ plan: RunPlan) throws(CostRollError) -> RunOutcome {
    let inputs = try InputExpander.expand(plan.inputs)
    guard !inputs.isEmpty || plan.allowEmpty else { throw .noInput(looked: plan.inputs) }
    try prepareOutputDirectory(plan.outputDirectory)
    TemporaryDirectory.removeStale(logger: logger)
    let workspace = try RunWorkspace(inputs: inputs, memoryBudgetBytes: plan.memoryBudgetBytes)
    defer { workspace.remove() }
    let progress = ProgressLine(totalFiles: workspace.sources.count, quiet: quiet, logger: logger)
    defer { progress.finish() }
    let read = try ingest(workspace, keptRejections: plan.keptRejections, progress: progress)
    var summary = RunSummary(
      counts: read.counts, duplicates: 0, conflicts: 0, eventsUnique: 0, totalCost: DecimalSum(),
      unattributedCost: DecimalSum(), files: read.files)
    let tables = try aggregate(plan, in: workspace, summary: &summary, progress: progress)
    progress.phase("writing outputs")
    let written = try plan.outputDirectory.map { (directory) throws(CostRollError) in
      try write(tables, summary: summary, spools: workspace, into: directory, removingStale: plan.cleanOutputs)
    }
    return RunOutcome(
      summary: summary, rejections: read.rejections, written: written ?? [],
      status: Self.status(summary: summary, maxRejectRate: plan.maxRejectRate))
  }

  /// Makes `--out` if needed, checks that it can be written before any work, and deletes the
  /// half-written outputs killed runs left in it.
  private func prepareOutputDirectory(_ directory: String?) throws(CostRollError) {
    guard let directory else { return }
    try AtomicFile.makeDirectory(directory)
    try AtomicFile.checkWritable(directory: directory)
    let abandoned = AtomicFile.removeAbandoned(in: directory)
    if abandoned > 0 {
      logger.notice("deleted \(abandoned) half-written outputs that killed runs left in \(directory)")
    }
  }

  /// Reads every source on all cores into the workspace's shards and spools; returns the line
  /// counts, the file reports by path and the first `keptRejections` rejections by origin.
  private func ingest(
    _ workspace: RunWorkspace, keptRejections: Int, progress: ProgressLine
  ) throws(CostRollError) -> (counts: LineCounts, files: [FileReport], rejections: [Rejection]) {
    let results = try workspace.read(keptRejections: keptRejections, progress: progress, logger: logger)
    var counts = LineCounts()
    for result in results { counts.add(result.counts) }
    let files = results.map(\.file).sorted { $0.path != $1.path ? $0.path.utf8Precedes($1.path) : $0.lines < $1.lines }
    let rejections = results.flatMap(\.rejections).sorted { $0.origin < $1.origin }
    return (counts, files, Array(rejections.prefix(keptRejections)))
  }

  /// The table a job writes, in chunks, as `STEM.csv` / `STEM.json` in its formats (none for
  /// `validate`).
  private enum JobTables {
    case table(stem: String, TableChunks, formats: [TableFormat])
    case none
  }

  /// Dedups and aggregates for `plan`'s job on all cores; fills the summary's dedup counts and
  /// totals.
  private func aggregate(
    _ plan: RunPlan, in workspace: RunWorkspace, summary: inout RunSummary, progress: ProgressLine
  ) throws(CostRollError) -> JobTables {
    let categories = plan.categories
    progress.phase("deduplicating and aggregating")
    switch plan.job {
    case .report(let report):
      let calendar = report.bucket.map { BucketCalendar(size: $0, zone: report.zone, zoneName: report.zoneName) }
      let aggregate = try dedupAndAggregate(
        in: workspace, summary: &summary, progress: progress,
        make: { ReportAggregator(keys: report.keys, calendar: calendar, categories: categories) },
        include: { report.contains($0) })
      return .table(stem: "report", aggregate.chunks(), formats: report.formats)
    case .snapshot(let snapshot):
      let aggregate = try dedupAndAggregate(in: workspace, summary: &summary, progress: progress) {
        UserCostsSnapshot(categories: categories, assignUnattributedTo: snapshot.assignUnattributedTo)
      }
      return .table(stem: "user_costs", aggregate.chunks(calculatedAt: snapshot.asOf), formats: TableFormat.allCases)
    case .validate:
      _ = try dedupAndAggregate(in: workspace, summary: &summary, progress: progress) {
        ReportAggregator(keys: [], calendar: nil, categories: categories)
      }
      return .none
    }
  }

  /// Runs `ShardedAggregation` over the workspace's shards into aggregates that `make` builds,
  /// keeping the events `include` selects; then starts deleting the dedup stores.
  private func dedupAndAggregate<Aggregate: CostAggregate>(
    in workspace: RunWorkspace, summary: inout RunSummary, progress: ProgressLine, make: @Sendable () -> Aggregate,
    include: @Sendable @escaping (Instant) -> Bool = { _ in true }
  ) throws(CostRollError) -> Aggregate {
    let outcome = try ShardedAggregation.run(
      shards: workspace.shards, lines: workspace.lines, sources: workspace.sources, make: make, include: include,
      conflicts: workspace.conflicts
    ) { done, total in progress.step(done, of: total, in: "deduplicating and aggregating: shard") }
    workspace.removeDedupStoresInBackground()
    summary.eventsUnique = outcome.eventsUnique
    summary.duplicates = outcome.duplicates
    summary.conflicts = outcome.conflictCount
    summary.totalCost = outcome.aggregate.total
    summary.unattributedCost = outcome.aggregate.unattributedTotal
    return outcome.aggregate
  }

  /// What one output file holds.
  private enum OutputContent: Sendable {
    case bytes([UInt8])
    case spool(any SpooledOutput)

    /// Spells the content into `file`, piece by piece for a spool.
    func write(into file: AtomicFile.Writer) throws(CostRollError) {
      switch self {
      case .bytes(let bytes): try file.append(bytes)
      case .spool(let spool): try spool.write { (piece) throws(CostRollError) in try file.append(piece) }
      }
    }
  }

  /// Every file name a one-off run writes into `--out`.
  static let outputNames = [
    "report.csv", "report.json", "user_costs.csv", "user_costs.json", "summary.json", "rejects.jsonl",
    "conflicts.jsonl",
  ]

  /// Writes the job's tables, `summary.json`, `rejects.jsonl` and `conflicts.jsonl` into
  /// `directory` as one set: every file is written and synced under a temporary name first,
  /// and only then are they all renamed into place, so a failure (a full disk included) leaves
  /// every previous output as it was. Returns the paths in writing order.
  private func write(
    _ tables: JobTables, summary: RunSummary, spools workspace: RunWorkspace, into directory: String,
    removingStale clean: Bool
  ) throws(CostRollError) -> [String] {
    let directory = directory.hasSuffix("/") ? directory : directory + "/"
    var files: [AtomicFile.Writer] = []
    if case .table(let stem, let chunks, let formats) = tables {
      // CSV and JSON are spelled from the same chunks of rows, on all cores, and written as
      // they are spelled.
      files = try formats.map { (format) throws(CostRollError) in
        try AtomicFile.Writer(path: directory + stem + "." + format.fileExtension)
      }
      try chunks.write(formats, into: files)
    }
    // The other files, written at once.
    let jobs: [(name: String, content: OutputContent)] = [
      ("summary.json", .bytes(summary.render())), ("rejects.jsonl", .spool(workspace.rejects)),
      ("conflicts.jsonl", .spool(workspace.conflicts)),
    ]
    let writers = try jobs.map { (job) throws(CostRollError) in try AtomicFile.Writer(path: directory + job.name) }
    _ = try ParallelWork.map(count: jobs.count) { index throws(CostRollError) in
      try jobs[index].content.write(into: writers[index])
      try writers[index].finish()
    }
    files += writers
    try AtomicFile.publish(files)
    let written = files.map(\.path)
    settleStaleOutputs(in: directory, written: Set(written), remove: clean)
    return written
  }

  /// Names, or with `remove` deletes, the outputs an earlier run left in `directory` that this
  /// run did not write (a report.json beside a CSV-only report), so the set is never mixed
  /// without a word.
  private func settleStaleOutputs(in directory: String, written: Set<String>, remove: Bool) {
    let stale = Self.outputNames.map { directory + $0 }.filter {
      !written.contains($0) && FileManager.default.fileExists(atPath: $0)
    }
    guard !stale.isEmpty else { return }
    if remove {
      for path in stale { try? FileManager.default.removeItem(atPath: path) }
      logger.info("removed \(stale.joined(separator: ", ")) (from an earlier run)")
    } else {
      logger.warning(
        "\(stale.joined(separator: ", ")): from an earlier run, not written by this one; pass --clean to remove")
    }
  }

  /// Damaged input outranks a reject rate over the limit; otherwise clean.
  static func status(summary: RunSummary, maxRejectRate: Double?) -> ExitStatus {
    if summary.hasDamagedInput { return .damagedInput }
    if let limit = maxRejectRate {
      let considered = summary.counts.eventsValid + summary.counts.rejected
      if considered > 0, Double(summary.counts.rejected) > limit * Double(considered) { return .rejectRateExceeded }
    }
    return .clean
  }
}
