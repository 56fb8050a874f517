import Logging

/// What a run produced and how it should exit.
public struct RunOutcome: Sendable {
  public var summary: RunSummary
  /// Every rejection, sorted by (source, line).
  public var rejections: [Rejection]
  public var conflicts: [Conflict]
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
    let sources = try InputExpander.expand(plan.inputs)
    if let directory = plan.outputDirectory { try AtomicFile.makeDirectory(directory) }
    let progress = ProgressLine(totalFiles: sources.count, quiet: quiet)
    let results = try ParallelWork.map(count: sources.count) { index throws(CostRollError) in
      let result = try SourceIngester.ingest(sources[index])
      progress.fileFinished(bytes: result.file.bytes)
      return result
    }
    progress.finish()

    var counts = LineCounts()
    var files: [FileReport] = []
    var rejections: [Rejection] = []
    var deduplicator = Deduplicator(expectedCount: results.reduce(0) { $0 + $1.events.count })
    for result in results {
      counts.add(result.counts)
      files.append(result.file)
      rejections += result.rejections
      for event in result.events { deduplicator.insert(event) }
      if result.file.status != .ok {
        logger.warning("\(result.file.path): \(result.file.status.rawValue): \(result.file.detail ?? "")")
      }
    }
    files.sort { $0.path != $1.path ? $0.path.utf8Precedes($1.path) : $0.lines < $1.lines }
    rejections.sort { $0.origin < $1.origin }
    let dedup = deduplicator.finish()

    var summary = RunSummary(
      counts: counts, duplicates: dedup.duplicates, conflicts: dedup.conflicts.count, eventsUnique: dedup.unique.count,
      totalCost: DecimalSum(), unattributedCost: DecimalSum(), files: files)
    var outputs: [(name: String, bytes: [UInt8])] = []
    switch plan.job {
    case .report(let report):
      var aggregator = ReportAggregator(
        keys: report.keys,
        calendar: report.bucket.map { BucketCalendar(size: $0, zone: report.zone, zoneName: report.zoneName) },
        categories: plan.categories)
      for event in dedup.unique where report.contains(event.timestamp) {
        aggregator.add(event)
        if event.userID == nil { summary.unattributedCost.add(event.totalCost) }
      }
      summary.totalCost = aggregator.total
      let table = aggregator.table()
      outputs += report.formats.map { ("report." + $0.fileExtension, $0.render(table)) }
    case .snapshot(let snapshotPlan):
      var snapshot = UserCostsSnapshot(
        categories: plan.categories, assignUnattributedTo: snapshotPlan.assignUnattributedTo)
      for event in dedup.unique { snapshot.add(event) }
      summary.totalCost = snapshot.total
      summary.unattributedCost = snapshot.unattributedTotal
      let table = snapshot.table(calculatedAt: snapshotPlan.asOf)
      outputs += TableFormat.allCases.map { ("user_costs." + $0.fileExtension, $0.render(table)) }
    case .validate:
      for event in dedup.unique {
        summary.totalCost.add(event.totalCost)
        if event.userID == nil { summary.unattributedCost.add(event.totalCost) }
      }
    }
    outputs.append(("summary.json", summary.render()))
    outputs.append(("rejects.jsonl", rejections.flatMap(LineRecords.rejectLine)))
    outputs.append(("conflicts.jsonl", dedup.conflicts.flatMap(LineRecords.conflictLine)))

    var written: [String] = []
    if let directory = plan.outputDirectory {
      for output in outputs {
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + output.name
        try AtomicFile.write(output.bytes, to: path)
        written.append(path)
      }
    }
    return RunOutcome(
      summary: summary, rejections: rejections, conflicts: dedup.conflicts, written: written,
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
