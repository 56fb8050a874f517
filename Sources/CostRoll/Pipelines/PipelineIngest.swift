import Logging

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

/// Reads a run's new files in batches of at most `batchBytes` compressed bytes (a bigger file
/// is a batch of its own), the files of a batch on all cores, and merges each batch into the
/// kept events and the aggregates before reading the next: memory stays bounded by a batch,
/// whatever a night (or a first run over months) brings. Rejections and conflicts go to disk
/// as they are found (`RejectSpool`, `ConflictSpool`), so a broken emitter's lines do not pile
/// up in memory either; `remove()` deletes them once the run's files are written.
public struct PipelineIngest {
  /// 64 MiB of gzip: by the generated data's ratios (about 4.4 bytes of JSON per gzip byte,
  /// 440 bytes per event) some 280 MB of JSON and 600 k events, so memory stays bounded however
  /// much arrives in one night.
  public static let defaultBatchBytes = 64 << 20

  let batchBytes: Int
  /// The run's fresh inputs; the rejections' spool numbers them by their index here.
  let inputs: [PipelineInput]
  let rejects: RejectSpool
  let conflictSpool: ConflictSpool

  var counts = LineCounts()
  /// Per ingested file, in input order.
  var files: [String: FileReport] = [:]
  var duplicates = 0
  var conflictCount = 0
  var eventsChanged = 0

  /// An ingest of `inputs` (all fresh), `batchBytes` of gzip at a time, with fresh spools.
  init(_ inputs: [PipelineInput], batchBytes: Int) throws(CostRollError) {
    self.batchBytes = batchBytes
    self.inputs = inputs
    rejects = try RejectSpool(sourceNames: inputs.map(\.source.name))
    conflictSpool = try ConflictSpool(sourceNames: inputs.map(\.source.name))
  }

  /// Deletes the spools.
  func remove() {
    rejects.remove()
    conflictSpool.remove()
  }

  /// Ingests the inputs as run `runID`.
  mutating func ingest(
    runID: Int64, into transaction: any StateTransaction,
    aggregates: inout PipelineAggregates, progress: ProgressLine, logger: Logger
  ) throws(CostRollError) {
    let conflictWriter = conflictSpool.writer(worker: 0)
    let rejects = rejects
    var start = 0
    while start < inputs.count {
      var end = start + 1
      var bytes = inputs[start].bytes
      while end < inputs.count && bytes + inputs[end].bytes <= batchBytes {
        bytes += inputs[end].bytes
        end += 1
      }
      let batch = Array(inputs[start..<end])
      let first = start
      start = end
      let read = try ParallelWork.map(count: batch.count) {
        index throws(CostRollError) -> (result: SourceResult, copies: [StoredEvent]) in
        var copies: [StoredEvent] = []
        let pipelined = PipelinedLineReader.isWorthwhile(forFile: index, of: batch.count)
        let result = try SourceIngester.ingest(
          batch[index].source, pipelined: pipelined, rejects: rejects.writer(source: first + index), keptRejections: 0
        ) { event, line in
          copies.append(StoredEvent(event: event, raw: Array(line)))
        }
        progress.fileFinished(bytes: result.file.bytes)
        return (result, copies)
      }
      let copies = read.flatMap(\.copies)
      let kept = try transaction.keptEvents(ids: Array(Set(copies.map(\.event.id))))
      let merge = IncrementalMerge.merge(copies, kept: kept)
      try transaction.saveKept(merge.changed)
      aggregates.apply(.init(added: merge.changed.map(\.event), removed: merge.replaced.map(\.event)))
      duplicates += merge.duplicates
      conflictCount += merge.conflicts.count
      for conflict in merge.conflicts { try conflictWriter.append(conflict) }
      eventsChanged += merge.changed.count
      for (entry, input) in zip(read, batch) {
        let file = entry.result.file
        if file.status != .ok { logger.warning("\(file.path): \(file.status.rawValue): \(file.detail ?? "")") }
        counts.add(entry.result.counts)
        files[input.source.name] = file
        try transaction.insert(
          IngestedFile(
            path: input.source.name, bytes: input.bytes, contentHash: input.hash, status: file.status,
            detail: file.detail, counts: entry.result.counts, runID: runID,
            modifiedNanoseconds: input.modifiedNanoseconds))
      }
    }
    try conflictWriter.close()
  }
}
