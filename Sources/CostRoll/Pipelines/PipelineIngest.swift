import Foundation
import Logging
import Synchronization

/// One input file a pipeline run found, hashed.
struct PipelineInput: Sendable {
  var source: InputSource
  var hash: String
  var bytes: Int
  /// Modification time in nanoseconds since the epoch.
  var modifiedNanoseconds: Int64
  /// Ingested by an earlier run (same content hash).
  var known: Bool
  /// Another input found now with the same content, ingested instead of this one.
  var duplicateOf: String?

  var isFresh: Bool { !known && duplicateOf == nil }
}

/// Ingests a run's new files with the one-off engine's stages, on all cores and within its
/// memory budget: read, decode and validate into id-hash shards (`RunWorkspace`); add to each
/// shard the kept copies of its ids from earlier runs; deduplicate and aggregate every shard
/// (`ShardedAggregation`) into a `PipelineDelta`; then store the new kept copies and apply the
/// delta to the stored aggregates.
///
/// Kept copies carry no line. When one must be compared with a new copy byte for byte (a tie
/// on `created_at`) or is listed as a conflict, its line is read again from its file, checked
/// against the line's hash: from the run's inputs under that name, or from any input with the
/// content that file had when it was ingested (a file renamed since still serves). A line no
/// file holds any more counts as empty (`LineRereader`): the kept copy wins the tie, and its
/// conflict has an empty `raw`.
public struct PipelineIngest {
  let pipeline: Pipeline
  /// Fresh inputs, numbered as the workspace's sources.
  let inputs: [PipelineInput]
  let workspace: RunWorkspace
  /// The files earlier runs ingested.
  let manifest: [IngestedFile]

  var counts = LineCounts()
  /// Per ingested file, by name.
  var files: [String: FileReport] = [:]
  var duplicates = 0
  var conflictCount = 0
  /// Kept copies written this run (new ids and replaced copies).
  var eventsChanged = 0
  /// Ids kept for the first time this run.
  var newIDs = 0

  var rejects: RejectSpool { workspace.rejects }
  var conflictSpool: ConflictSpool { workspace.conflicts }

  /// An ingest of `inputs` (all fresh) for `pipeline` in a workspace sized by
  /// `memoryBudgetBytes`; `manifest` lists the files of earlier runs (which kept copies and
  /// their conflicts name).
  init(
    _ inputs: [PipelineInput], for pipeline: Pipeline, manifest: [IngestedFile], memoryBudgetBytes: Int
  ) throws(CostRollError) {
    self.pipeline = pipeline
    self.inputs = inputs
    self.manifest = manifest
    workspace = try RunWorkspace(
      inputs: inputs.map(\.source), memoryBudgetBytes: memoryBudgetBytes, otherSources: manifest.map(\.path))
  }

  /// Deletes the workspace.
  func remove() { workspace.remove() }

  /// Ingests the inputs as run `runID`; `found` is every input of the run (to read kept copies'
  /// lines again), `hasKept` whether earlier runs kept any event.
  mutating func ingest(
    runID: Int64, found: [PipelineInput], hasKept: Bool, into transaction: any StateTransaction,
    aggregates: inout PipelineAggregates, progress: ProgressLine, logger: Logger
  ) throws(CostRollError) {
    let results = try workspace.read(keptRejections: 0, progress: progress, logger: logger)
    for (result, input) in zip(results, inputs) {
      counts.add(result.counts)
      files[input.source.name] = result.file
      try transaction.insert(
        IngestedFile(
          path: input.source.name, bytes: input.bytes, contentHash: input.hash, status: result.file.status,
          detail: result.file.detail, counts: result.counts, runID: runID,
          modifiedNanoseconds: input.modifiedNanoseconds))
    }
    progress.phase("deduplicating against the kept events")
    let kept = hasKept ? try addKeptCopies(from: transaction) : [:]
    let keptSources = Self.sources(of: Set(kept.values.map(\.event.origin.source)), found: found, manifest: manifest)
    let sources = workspace.sources + keptSources
    let delta = try dedupAndAggregate(sources: sources, kept: kept, into: transaction, progress: progress)
    newIDs = eventsChanged - delta.replaced.count
    aggregates.apply(removed: delta.replaced.map { kept[$0]!.event }, delta: delta)
  }

  /// Adds to the shards the kept copy of every new id that has one, as records of extra
  /// sources after the inputs (one per file they were read from); returns them by id.
  private func addKeptCopies(from transaction: any StateTransaction) throws(CostRollError) -> [EventID: StoredEvent] {
    let shards = workspace.shards
    let names = workspace.sources.map(\.name)
    var kept: [EventID: StoredEvent] = [:]
    var buffer: [UInt8] = []
    for shard in 0..<shards.shardCount {
      var ids = Set<EventID>()
      try shards.forEachRecordPiece(inShard: shard, sourceCount: names.count, buffer: &buffer) { raw in
        var offset = 0
        while offset < raw.count { ids.insert(EventRecord.id(raw, at: &offset)) }
      }
      kept.merge(try transaction.keptEvents(ids: Array(ids))) { first, _ in first }
    }
    let paths = Set(kept.values.map(\.event.origin.source)).sorted { $0.utf8Precedes($1) }
    let writers = paths.indices.map { shards.writer(source: names.count + $0) }
    let writerOfPath = Dictionary(uniqueKeysWithValues: zip(paths, writers))
    var failure: CostRollError?
    for stored in kept.values where failure == nil {
      let origin = stored.event.origin
      DecodedEvent.withFields(of: stored.event) { event in
        do throws(CostRollError) {
          try writerOfPath[origin.source]!.add(
            event, idHash: IDHash.of(event), line: origin.line, lineHash: stored.lineHash)
        } catch {
          failure = error
        }
      }
    }
    if let failure { throw failure }
    for writer in writers { try writer.close() }
    return kept
  }

  /// The files kept copies were read from, by name (sorted as `addKeptCopies` numbers them),
  /// each read from the run's input of that name, else from an input with the content the file
  /// had when ingested, else from its path.
  private static func sources(of paths: Set<String>, found: [PipelineInput], manifest: [IngestedFile])
    -> [InputSource]
  {
    guard !paths.isEmpty else { return [] }
    let byName = Dictionary(found.map { ($0.source.name, $0.source) }) { first, _ in first }
    let byHash = Dictionary(found.map { ($0.hash, $0.source) }) { first, _ in first }
    var hashesOfPath: [String: [String]] = [:]
    for file in manifest where paths.contains(file.path) {
      hashesOfPath[file.path, default: []].append(file.contentHash)
    }
    return paths.sorted { $0.utf8Precedes($1) }.map { path in
      if let source = byName[path] { return source }
      let same = hashesOfPath[path, default: []].lazy.compactMap { byHash[$0] }.first
      return InputSource(name: path, path: same?.path ?? same?.name ?? path)
    }
  }

  /// Deduplicates and aggregates every shard into a delta, and stores its new kept copies.
  private mutating func dedupAndAggregate(
    sources: [InputSource], kept: [EventID: StoredEvent], into transaction: any StateTransaction,
    progress: ProgressLine
  ) throws(CostRollError) -> PipelineDelta {
    let shards = workspace.shards
    // New kept copies, in shards by the store's order of ids (`PipelineDelta.orderKey`).
    let winners =
      shards.directory == nil
      ? EventShards(inMemoryShardCount: shards.shardCount) : try EventShards(shardCount: shards.shardCount)
    defer { winners.remove() }
    let writerCount = Mutex(0)
    let names = sources.map(\.name)
    let numbers = Dictionary(names.enumerated().map { ($1, Int32($0)) }) { first, _ in first }
    let keptOrigins = kept.mapValues(\.event.origin)
    let pipeline = pipeline
    let makeDelta = { @Sendable in
      let number = writerCount.withLock { count in
        count += 1
        return count - 1
      }
      return PipelineDelta(
        pipeline: pipeline, keptOrigins: keptOrigins, sourceNumbers: numbers, writer: winners.writer(source: number))
    }
    let outcome = try ShardedAggregation.run(
      shards: shards, lines: workspace.lines, sources: sources, make: makeDelta, include: { _ in true },
      conflicts: workspace.conflicts, pastSources: Set(sources[workspace.sources.count...].map(\.name)),
      progress: { done, total in progress.step(done, of: total, in: "deduplicating and aggregating: shard") })
    workspace.removeDedupStoresInBackground()
    let delta = outcome.aggregate
    for writer in delta.writers { try writer.close() }
    if let failure = delta.writeFailure { throw failure }
    duplicates = outcome.duplicates
    conflictCount = outcome.conflictCount
    progress.phase("storing kept events")
    try store(winners, writerCount: writerCount.withLock { $0 }, names: names, into: transaction)
    return delta
  }

  /// Saves the new kept copies `winners` holds, a shard at a time, each sorted in the store's
  /// order of ids: the store's B-tree then takes them from left to right, which is several times
  /// faster than in hash order once the tree outgrows its page cache.
  private mutating func store(
    _ winners: EventShards, writerCount: Int, names: [String], into transaction: any StateTransaction
  ) throws(CostRollError) {
    var labels = LabelInterner()
    var buffer: [UInt8] = []
    for shard in 0..<winners.shardCount {
      var batch: [StoredEvent] = []
      try winners.forEachRecordPiece(inShard: shard, sourceCount: writerCount, buffer: &buffer) { raw in
        var offset = 0
        while offset < raw.count {
          let record = EventRecord.view(raw, at: &offset)
          let origin = LineOrigin(source: names[record.source], line: record.line)
          batch.append(
            StoredEvent(event: record.event.event(origin: origin, labels: &labels), lineHash: record.lineHash ?? 0))
        }
      }
      winners.release(shard: shard, sourceCount: writerCount)
      batch.sort { $0.event.id < $1.event.id }
      try transaction.saveKept(batch)
      eventsChanged += batch.count
    }
    try transaction.sealKept()
  }
}
