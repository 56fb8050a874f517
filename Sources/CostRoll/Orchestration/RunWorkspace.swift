import Logging

/// The temporary stores of one run, made together before reading and deleted together when it
/// ends: standard input's copy, dedup's shards of event records and its line spool, and the
/// spools of rejections and conflicts that become `rejects.jsonl` and `conflicts.jsonl`.
final class RunWorkspace {
  /// The sources to read, standard input replaced by its copy on disk.
  let sources: [InputSource]
  let standardInput: StandardInputSpool?
  /// Valid events as compact records in id-hash shards: in memory, or on disk when the inputs
  /// may outgrow the memory budget.
  let shards: EventShards
  /// The lines of copies whose id may have come before, for dedup's conflicts.
  let lines: LineSpool
  let rejects: RejectSpool
  let conflicts: ConflictSpool
  /// Deletes the shards and the line spool once dedup is done, while the outputs are made.
  private var dedupCleanup: BackgroundWork?

  /// Makes every store for `inputs` (as expanded), sized by `memoryBudgetBytes`; standard input
  /// is copied to disk first, so that its size counts in the spill decision. Conflicts may also
  /// name `otherSources` (files read by earlier runs, whose kept copies a nightly run adds).
  init(inputs: [InputSource], memoryBudgetBytes: Int, otherSources: [String] = []) throws(CostRollError) {
    var made: [() -> Void] = []
    do throws(CostRollError) {
      let standardInput = inputs.contains(.standardInput) ? try StandardInputSpool() : nil
      if let standardInput { made.append(standardInput.remove) }
      let sources = inputs.map { $0 == .standardInput ? standardInput!.source : $0 }
      // Each input's size and magic bytes are read once, for both the shards and the filter.
      let jsonBytes = SpillDecision.estimatedJSONBytes(of: sources)
      let shards =
        try SpillDecision.shardCount(forJSONBytes: jsonBytes, budgetBytes: memoryBudgetBytes).map {
          (count) throws(CostRollError) in try EventShards(shardCount: count)
        } ?? EventShards(inMemoryShardCount: SpillDecision.inMemoryShardCount)
      made.append(shards.remove)
      let lines = try LineSpool(
        filterBytes: SeenIDFilter.byteCount(forJSONBytes: jsonBytes, budgetBytes: memoryBudgetBytes))
      made.append(lines.remove)
      let rejects = try RejectSpool(sourceNames: sources.map(\.name))
      made.append(rejects.remove)
      let conflicts = try ConflictSpool(sourceNames: sources.map(\.name) + otherSources)
      (self.sources, self.standardInput, self.shards, self.lines) = (sources, standardInput, shards, lines)
      (self.rejects, self.conflicts) = (rejects, conflicts)
    } catch {
      for remove in made.reversed() { remove() }
      throw error
    }
  }

  /// Reads every source on all cores into the shards and spools (the first stage of every
  /// run, one-off or nightly); returns each source's result, in source order, with at most
  /// `keptRejections` rejections each. Damaged files are logged as warnings.
  func read(keptRejections: Int, progress: ProgressLine, logger: Logger) throws(CostRollError) -> [SourceResult] {
    let (sources, shards, lines, rejects) = (sources, shards, lines, rejects)
    logger.debug(
      shards.directory == nil
        ? "deduplicating in \(shards.shardCount) shards in memory"
        : "deduplicating in \(shards.shardCount) shards on disk (the inputs may outgrow the memory budget)")
    let results = try ParallelWork.map(count: sources.count) { index throws(CostRollError) in
      let result = try SourceIngester.ingest(
        sources[index], into: shards.writer(source: index), lines: lines.writer(source: index),
        rejects: rejects.writer(source: index), keptRejections: keptRejections,
        pipelined: PipelinedLineReader.isWorthwhile(forFile: index, of: sources.count))
      progress.fileFinished(bytes: result.file.bytes)
      return result
    }
    lines.dropFilter()
    for result in results where result.file.status != .ok {
      logger.warning("\(result.file.path): \(result.file.status.rawValue): \(result.file.detail ?? "")")
    }
    return results
  }

  /// Starts deleting the shards and the line spool on a thread of its own: deleting them at the
  /// end of a large run is time the outputs can use instead.
  func removeDedupStoresInBackground() {
    let (lines, shards) = (lines, shards)
    dedupCleanup = BackgroundWork {
      lines.remove()
      shards.remove()
    }
  }

  /// Deletes every store (waiting for a background deletion first).
  func remove() {
    dedupCleanup?.wait()
    conflicts.remove()
    rejects.remove()
    lines.remove()
    shards.remove()
    standardInput?.remove()
  }
}
