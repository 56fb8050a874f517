import Foundation
import Logging

/// What one pipeline run did.
public struct PipelineRunOutcome: Sendable {
  /// The run directory's name under `runs/`.
  public var runName: String
  /// The run directory.
  public var directory: String
  /// This run's counts (the files it ingested); totals over every kept event.
  public var summary: RunSummary
  public var restatements: Int
  /// Input files skipped because their content was ingested before.
  public var skipped: [String]
  public var status: ExitStatus
}

/// What `costroll run --dry-run` prints: the inputs a run would read or skip, and what it
/// would write.
public struct PipelinePreview: Sendable {
  public var toIngest: [String]
  public var skipped: [String]
  public var runsDirectory: String
  public var outputs: [String]
  public var statePath: String
}

/// Runs a pipeline against its state store: finds the inputs, ingests only files whose content
/// is new and deduplicates their events against the kept events (`PipelineIngest`), updates the
/// stored partial aggregates and publishes every report and the snapshot from them, writes a
/// run directory and repoints `latest`.
///
/// All state changes of a run are one store transaction, committed only after the run
/// directory is complete; see `RunDirectory` for how a killed run is finished or undone.
public struct PipelineRunner {
  private let logger: Logger
  private let quiet: Bool
  private let memoryBudgetBytes: Int
  private let rehash: Bool

  /// `logger` receives diagnostics; `quiet` silences the progress line; new files are
  /// deduplicated within `memoryBudgetBytes` like a one-off report (past it, on disk: tests use
  /// a tiny budget); `rehash` hashes every input even when its path, size and modification
  /// time are known.
  public init(
    logger: Logger, quiet: Bool = false, memoryBudgetBytes: Int = RunPlan.defaultMemoryBudgetBytes,
    rehash: Bool = false
  ) {
    self.logger = logger
    self.quiet = quiet
    self.memoryBudgetBytes = memoryBudgetBytes
    self.rehash = rehash
  }

  /// The inputs, hashed, and whether each was ingested before. A file whose path, size and
  /// modification time match a manifest entry is not hashed again (it is that entry's file),
  /// unless `rehash`: with 30 days of inputs in place, hashing them all every night was the
  /// largest fixed cost of a run.
  private func find(_ pipeline: Pipeline, store: (any StateStore)?) throws(CostRollError) -> [PipelineInput] {
    let sources = try PipelineInputs.expand(pipeline.inputs)
    guard !sources.isEmpty || pipeline.allowEmpty else { throw .noInput(looked: pipeline.inputs) }
    let stamps = sources.map { FileStamp(path: $0.path ?? $0.name) }
    let rehash = self.rehash
    let cached: [String?] =
      try store?.read { (transaction) throws(CostRollError) -> [String?] in
        var cached: [String?] = []
        for (source, stamp) in zip(sources, stamps) {
          cached.append(
            rehash
              ? nil
              : try transaction.ingestedHash(
                path: source.name, bytes: stamp.bytes, modifiedNanoseconds: stamp.modifiedNanoseconds))
        }
        return cached
      } ?? stamps.map { _ in nil }
    let hashes = try ParallelWork.map(count: sources.count) {
      index throws(CostRollError) -> (hash: String, bytes: Int) in
      if let hash = cached[index] { return (hash, stamps[index].bytes) }
      return try ContentHash.file(sources[index].path ?? sources[index].name)
    }
    let known: [Bool] =
      try store?.read { (transaction) throws(CostRollError) -> [Bool] in
        var known: [Bool] = []
        for (hash, cachedHash) in zip(hashes, cached) {
          if cachedHash != nil {
            known.append(true)
          } else {
            known.append(try transaction.isIngested(contentHash: hash.hash))
          }
        }
        return known
      } ?? hashes.map { _ in false }
    var firstPath: [String: String] = [:]
    return sources.indices.map { index in
      let hash = hashes[index].hash
      let duplicateOf = known[index] ? nil : firstPath[hash]
      if !known[index] && duplicateOf == nil { firstPath[hash] = sources[index].name }
      return PipelineInput(
        source: sources[index], hash: hash, bytes: hashes[index].bytes,
        modifiedNanoseconds: stamps[index].modifiedNanoseconds, known: known[index], duplicateOf: duplicateOf)
    }
  }

  /// What a run would do now, without doing it (`store` is `nil` when it does not exist yet).
  public func preview(_ pipeline: Pipeline, store: (any StateStore)?) throws(CostRollError) -> PipelinePreview {
    let found = try find(pipeline, store: store)
    var outputs = pipeline.reports.flatMap { report in report.formats.map { report.name + "." + $0.fileExtension } }
    outputs += pipeline.snapshot?.formats.map { "user_costs." + $0.fileExtension } ?? []
    outputs += ["summary.json", "rejects.jsonl", "conflicts.jsonl", "restatements.csv", "run.json"]
    return PipelinePreview(
      toIngest: found.filter(\.isFresh).map(\.source.name),
      skipped: found.filter { !$0.isFresh }.map(\.source.name),
      runsDirectory: RunDirectory(output: pipeline.outputDirectory).runsPath, outputs: outputs,
      statePath: pipeline.statePath)
  }

  /// Runs `pipeline` as of `asOf` (default: now). The caller holds the store's `StateLock`.
  public func run(_ pipeline: Pipeline, store: any StateStore, asOf: Instant? = nil) throws(CostRollError)
    -> PipelineRunOutcome
  {
    let clock = Date()
    let started = Instant(seconds: Int64(clock.timeIntervalSince1970.rounded(.down)))
    let asOf = asOf ?? started
    let plans = try pipeline.reports.map { (report) throws(CostRollError) in try pipeline.plan(for: report, asOf: asOf)
    }
    let directory = RunDirectory(output: pipeline.outputDirectory)
    let committed = try store.read { (transaction) throws(CostRollError) in try transaction.runs() }
    try directory.recover(committed: committed.map(\.name))

    let found = try find(pipeline, store: store)
    let fresh = found.filter(\.isFresh)
    TemporaryDirectory.removeStale(logger: logger)
    let progress = ProgressLine(totalFiles: fresh.count, quiet: quiet, logger: logger)
    defer { progress.finish() }

    return try store.write { (transaction) throws(CostRollError) -> PipelineRunOutcome in
      let previousRuns = try transaction.runs()
      let runID = (previousRuns.last?.id ?? 0) + 1
      let name = RunDirectory.name(id: runID, started: started)
      var aggregates = try PipelineAggregates(pipeline, in: transaction)
      var ingest = try PipelineIngest(
        fresh, for: pipeline, manifest: try transaction.ingestedFiles(), memoryBudgetBytes: memoryBudgetBytes)
      defer { ingest.remove() }
      let keptBefore = previousRuns.last?.eventsUnique ?? 0
      try ingest.ingest(
        runID: runID, found: found, hasKept: keptBefore > 0, into: transaction, aggregates: &aggregates,
        progress: progress, logger: logger)
      progress.phase("publishing reports")
      let previousAsOf = previousRuns.last.flatMap { InstantText.parse($0.asOf) }
      let (outputs, restatements) = try aggregates.finish(
        plans: plans, asOf: asOf, previousAsOf: previousAsOf, in: transaction)

      let eventsUnique = keptBefore + ingest.newIDs
      let summary = RunSummary(
        counts: ingest.counts, duplicates: ingest.duplicates, conflicts: ingest.conflictCount,
        eventsUnique: eventsUnique, totalCost: outputs.totalCost, unattributedCost: outputs.unattributedCost,
        files: ingest.files.values.sorted { $0.path.utf8Precedes($1.path) })
      let record = RunRecord(
        id: runID, name: name, startedAt: started.description, asOf: asOf.description, counts: ingest.counts,
        duplicates: ingest.duplicates, conflicts: ingest.conflictCount, eventsUnique: eventsUnique,
        eventsChanged: ingest.eventsChanged, restatements: restatements.entries.count)
      try transaction.insert(record)

      // The run's files go into a staging directory piece by piece, each hashed for run.json
      // as it is written: reports and the snapshot from their tables, rejects.jsonl and
      // conflicts.jsonl from their spools.
      let staging = try directory.stage(name)
      var written = try outputs.files(for: pipeline).map { (file) throws(CostRollError) in
        try staging.write(file.name, producedBy: file.write)
      }
      written.append(try staging.write("summary.json", summary.render()))
      written.append(try staging.write("rejects.jsonl", producedBy: ingest.rejects.write))
      written.append(try staging.write("conflicts.jsonl", producedBy: ingest.conflictSpool.write))
      written.append(try staging.write("restatements.csv", TableFormat.csv.render(restatements.table)))
      let allRuns = previousRuns + [record]
      var cumulative = LineCounts()
      for run in allRuns { cumulative.add(run.counts) }
      let manifest = RunManifest(
        run: record, pipeline: pipeline.path, durationSeconds: Date().timeIntervalSince(clock),
        inputs: found.map { file in
          RunManifest.Input(
            path: file.source.name, bytes: file.bytes, sha256: file.hash,
            action: file.known ? "skipped" : file.duplicateOf != nil ? "skipped-duplicate" : "ingested",
            file: ingest.files[file.source.name])
        }, outputs: written, cumulative: cumulative, cumulativeDuplicates: allRuns.reduce(0) { $0 + $1.duplicates },
        cumulativeConflicts: allRuns.reduce(0) { $0 + $1.conflicts })
      _ = try staging.write("run.json", manifest.render())
      let path = try staging.commit()
      return PipelineRunOutcome(
        runName: name, directory: path, summary: summary, restatements: restatements.entries.count,
        skipped: found.filter { !$0.isFresh }.map(\.source.name),
        status: CostRollRunner.status(summary: summary, maxRejectRate: pipeline.maxRejectRate))
    }
  }

  /// After `run` returned (its transaction committed): points `latest` at the new run and
  /// deletes run directories beyond the pipeline's `keep_runs`.
  public func publish(_ outcome: PipelineRunOutcome, pipeline: Pipeline, store: any StateStore) throws(CostRollError) {
    let directory = RunDirectory(output: pipeline.outputDirectory)
    try directory.publish(outcome.runName)
    let names = try store.read { (transaction) throws(CostRollError) in try transaction.runs().map(\.name) }
    directory.prune(committed: names, keep: pipeline.keepRuns)
  }

  /// Rebuilds every report and the snapshot from the stored events alone (the app's
  /// `recalculateUserCosts`) into `output`; returns the files written.
  public func recalculate(
    _ pipeline: Pipeline, store: any StateStore, asOf: Instant, into output: String
  ) throws(CostRollError) -> [String] {
    let plans = try pipeline.reports.map { (report) throws(CostRollError) in try pipeline.plan(for: report, asOf: asOf)
    }
    let outputs = try store.read { (transaction) throws(CostRollError) in
      try PipelineOutputs.compute(pipeline, plans: plans, asOf: asOf, from: transaction)
    }
    try AtomicFile.makeDirectory(output)
    var written: [String] = []
    for file in outputs.files(for: pipeline) {
      let path = (output.hasSuffix("/") ? output : output + "/") + file.name
      try AtomicFile.write(to: path, producedBy: file.write)
      written.append(path)
    }
    return written
  }
}
