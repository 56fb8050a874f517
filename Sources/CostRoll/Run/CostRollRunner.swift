import Logging

/// What a run produced and how it should exit.
public struct RunOutcome: Sendable {
  public var summary: RunSummary
  /// The first `RunPlan.keptRejections` rejections by (source, line); `rejects.jsonl` has
  /// every one, and the summary counts them all. (Conflicts are only counted here; they are in
  /// `conflicts.jsonl`.)
  public var rejections: [Rejection]
  /// Output files written, in writing order.
  public var written: [String]
  public var status: ExitStatus
}

/// Runs a `RunPlan`: read every source, decode, dedup, aggregate, write.
///
/// Inputs are checked before anything is written, so a usage error writes nothing; outputs are
/// written atomically, one file at a time, even when inputs were damaged or rejects many.
public struct CostRollRunner {
  private let logger: Logger
  private let quiet: Bool

  /// `logger` receives diagnostics (stderr in the CLI); `quiet` silences the progress line.
  public init(logger: Logger, quiet: Bool = false) {
    self.logger = logger
    self.quiet = quiet
  }

  public func run(_ plan: RunPlan) throws(CostRollError) -> RunOutcome {
    let expanded = try InputExpander.expand(plan.inputs)
    if let directory = plan.outputDirectory {
      try AtomicFile.makeDirectory(directory)
      let abandoned = AtomicFile.removeAbandoned(in: directory)
      if abandoned > 0 {
        logger.notice("deleted \(abandoned) half-written outputs that killed runs left in \(directory)")
      }
    }
    TemporaryDirectory.removeStale(logger: logger)
    // Standard input is spooled to a file first, so that its size counts in the spill decision.
    let spool = expanded.contains(.standardInput) ? try StandardInputSpool() : nil
    defer { spool?.remove() }
    let sources = expanded.map { $0 == .standardInput ? spool!.source : $0 }
    let progress = ProgressLine(totalFiles: sources.count, quiet: quiet)
    // Valid events are kept as compact records in id-hash shards: in memory, or on disk when the
    // inputs may outgrow the memory budget (each input's size and magic bytes read once here).
    let jsonBytes = SpillDecision.estimatedJSONBytes(of: sources)
    let spill =
      try SpillDecision.shardCount(forJSONBytes: jsonBytes, budgetBytes: plan.memoryBudgetBytes).map {
        (shards) throws(CostRollError) in try EventShards(shardCount: shards)
      } ?? EventShards(inMemoryShardCount: SpillDecision.inMemoryShardCount)
    defer { spill.remove() }
    // The lines of copies whose id may have come before, for dedup's conflicts (`LineSpool`).
    let lines = try LineSpool(
      filterBytes: SeenIDFilter.byteCount(forJSONBytes: jsonBytes, budgetBytes: plan.memoryBudgetBytes))
    defer { lines.remove() }
    // Rejections go to disk as they are found; only the first few per file stay in memory.
    let rejectSpool = try RejectSpool(sourceNames: sources.map(\.name))
    defer { rejectSpool.remove() }
    // So do conflicts, as dedup finds them (`ConflictSpool`).
    let conflictSpool = try ConflictSpool(sourceNames: sources.map(\.name))
    defer { conflictSpool.remove() }
    // Once dedup is done, the temporary files are deleted on another thread while the outputs
    // are made, and waited for before returning. Deleting the 2.2 GB line spool and the spilled
    // shards of a 5 M-event report took about 0.4 s at the end of the run; overlapped, 3 runs
    // took 8.9–9.4 s instead of 9.3–9.8 s (`/usr/bin/time`, alternating).
    var cleanup: BackgroundWork?
    defer { cleanup?.wait() }
    if spill.directory != nil {
      logger.info("inputs may outgrow the memory budget: deduplicating in \(spill.shardCount) shards on disk")
    }
    let results = try ParallelWork.map(count: sources.count) { index throws(CostRollError) in
      let result = try SourceIngester.ingest(
        sources[index], into: spill.writer(source: index), lines: lines.writer(source: index),
        rejects: rejectSpool.writer(source: index), keptRejections: plan.keptRejections,
        pipelined: PipelinedLineReader.isWorthwhile(forFile: index, of: sources.count))
      progress.fileFinished(bytes: result.file.bytes)
      return result
    }
    progress.finish()
    lines.dropFilter()

    var counts = LineCounts()
    var files: [FileReport] = []
    var rejections: [Rejection] = []
    for result in results {
      counts.add(result.counts)
      files.append(result.file)
      rejections += result.rejections
      if result.file.status != .ok {
        logger.warning("\(result.file.path): \(result.file.status.rawValue): \(result.file.detail ?? "")")
      }
    }
    files.sort { $0.path != $1.path ? $0.path.utf8Precedes($1.path) : $0.lines < $1.lines }
    rejections.sort { $0.origin < $1.origin }
    rejections = Array(rejections.prefix(plan.keptRejections))

    var summary = RunSummary(
      counts: counts, duplicates: 0, conflicts: 0, eventsUnique: 0, totalCost: DecimalSum(),
      unattributedCost: DecimalSum(), files: files)
    /// Dedups and aggregates on all cores; fills the summary's dedup counts and totals.
    func aggregate<Aggregate: CostAggregate>(
      _ make: @Sendable () -> Aggregate, include: @Sendable @escaping (Instant) -> Bool = { _ in true }
    ) throws(CostRollError) -> Aggregate {
      let outcome = try ShardedAggregation.run(
        shards: spill, lines: lines, sources: sources, make: make, include: include, conflictSpool: conflictSpool)
      cleanup = BackgroundWork {
        lines.remove()
        spill.remove()
      }
      summary.eventsUnique = outcome.eventsUnique
      summary.duplicates = outcome.duplicates
      summary.conflicts = outcome.conflictCount
      summary.totalCost = outcome.aggregate.total
      summary.unattributedCost = outcome.aggregate.unattributedTotal
      return outcome.aggregate
    }
    // Outputs go to `--out` (a validate run may have none).
    let directory = plan.outputDirectory.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    var written: [String] = []
    // Each other output file and how to spell it; they are spelled at once below.
    var renderings: [(name: String, render: @Sendable () -> [UInt8])] = []
    let categories = plan.categories
    switch plan.job {
    case .report(let report):
      let calendar = report.bucket.map { BucketCalendar(size: $0, zone: report.zone, zoneName: report.zoneName) }
      let table = try aggregate(
        { ReportAggregator(keys: report.keys, calendar: calendar, categories: categories) },
        include: { report.contains($0) }
      ).chunks()
      if let directory {
        // CSV and JSON are spelled from the same chunks of cells, on all cores, and written
        // as they are spelled.
        let paths = report.formats.map { directory + "report." + $0.fileExtension }
        try table.write(report.formats, to: paths)
        written += paths
      }
    case .snapshot(let snapshotPlan):
      let table = try aggregate {
        UserCostsSnapshot(categories: categories, assignUnattributedTo: snapshotPlan.assignUnattributedTo)
      }.table(calculatedAt: snapshotPlan.asOf)
      renderings += TableFormat.allCases.map { format in
        ("user_costs." + format.fileExtension, { format.render(table) })
      }
    case .validate:
      _ = try aggregate { ReportAggregator(keys: [], calendar: nil, categories: categories) }
    }
    let finalSummary = summary
    renderings.append(("summary.json", { finalSummary.render() }))
    // Spelling the outputs is serial work after the parallel stages: the snapshot's CSV and
    // JSON and the summary are spelled at once.
    let jobs = renderings
    let outputs = ParallelWork.map(count: jobs.count) { index in (name: jobs[index].name, bytes: jobs[index].render()) }
    if let directory {
      // Each file is written atomically on its own, so they are written at once (writing and
      // syncing the report and its JSON one after the other was 0.29 s at 5 M events), and
      // rejects.jsonl and conflicts.jsonl beside them, piece by piece from their spools.
      let paths = outputs.map { directory + $0.name }
      let spooled: [(path: String, spool: any SpooledOutput)] = [
        (directory + "rejects.jsonl", rejectSpool), (directory + "conflicts.jsonl", conflictSpool),
      ]
      written += paths + spooled.map(\.path)
      _ = try ParallelWork.map(count: outputs.count + spooled.count) { index throws(CostRollError) in
        guard index < outputs.count else {
          let (path, spool) = spooled[index - outputs.count]
          try AtomicFile.write(to: path, producedBy: spool.write)
          return
        }
        try AtomicFile.write(outputs[index].bytes, to: paths[index])
      }
    }
    return RunOutcome(
      summary: summary, rejections: rejections, written: written,
      status: Self.status(summary: summary, maxRejectRate: plan.maxRejectRate))
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
