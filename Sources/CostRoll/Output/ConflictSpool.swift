import Foundation
import Synchronization

/// Conflicts kept on disk as dedup finds them, then written out as `conflicts.jsonl` in (source,
/// line) order, so that memory does not grow with conflicting copies.
///
/// Dedup finds conflicts shard by shard, in no order. Each core spells its conflicts as their
/// `conflicts.jsonl` lines and keeps up to `runBytes` of them; then it sorts them and writes them
/// out as a sorted run (`SpooledRecords`) in a file of its own. Writing out merges the runs (one
/// per core unless conflicts are many). The sort key is the source's place among the run's
/// source names in byte-wise order, then the line.
public final class ConflictSpool: SpooledOutput, ConflictSink {
  let directory: String
  /// Each source name's place in byte-wise order (the order of `LineOrigin`).
  private let ranks: [String: Int64]
  /// The files of the runs written so far.
  private let runs = Mutex<[String]>([])
  /// Bytes of spelled conflicts a writer holds before it writes them out as a run.
  let runBytes: Int

  /// A spool in a new private directory under `$TMPDIR`, for conflicts from sources named
  /// `sourceNames`; each writer holds up to `runBytes` of them (tests make it small).
  public init(sourceNames: [String], runBytes: Int = 4 << 20) throws(CostRollError) {
    self.runBytes = runBytes
    directory = try TemporaryDirectory.make(prefix: "costroll-conflicts")
    let sorted = Set(sourceNames).sorted { $0.utf8Precedes($1) }
    ranks = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int64($0)) })
  }

  /// A writer for one core (number `worker`), used by that core only.
  public func writer(worker: Int) -> Writer { Writer(spool: self, worker: worker) }

  /// Spells `conflicts.jsonl` (see `SpooledOutput`).
  public func write(to emit: ([UInt8]) throws(CostRollError) -> Void) throws(CostRollError) {
    var out: [UInt8] = []
    out.reserveCapacity(SpooledRecords.pieceBytes + (1 << 16))
    try SpooledRecords.merge(runs.withLock { $0 }, into: &out, emit: emit)
    if !out.isEmpty { try emit(out) }
  }

  /// Deletes the spool's files.
  public func remove() { TemporaryDirectory.remove(directory) }

  /// The sort key of `origin`: lines are below 2⁴⁰ and sources below 2²³.
  fileprivate func key(of origin: LineOrigin) -> Int64 {
    (ranks[origin.source] ?? Int64(ranks.count)) << 40 | Int64(origin.line)
  }

  fileprivate func addRun(_ path: String) { runs.withLock { $0.append(path) } }

  /// Keeps one core's conflicts and writes them out in sorted runs.
  public final class Writer: ConflictWriter {
    private let spool: ConflictSpool
    private let worker: Int
    private var held: [(key: Int64, line: [UInt8])] = []
    private var heldBytes = 0
    private var runCount = 0

    fileprivate init(spool: ConflictSpool, worker: Int) {
      self.spool = spool
      self.worker = worker
    }

    /// Spools `conflict`.
    public func append(_ conflict: Conflict) throws(CostRollError) {
      let line = LineRecords.conflictLine(conflict)
      held.append((spool.key(of: conflict.origin), line))
      heldBytes += line.count
      if heldBytes >= spool.runBytes { try writeRun() }
    }

    /// Writes out what is held.
    public func close() throws(CostRollError) { try writeRun() }

    private func writeRun() throws(CostRollError) {
      guard !held.isEmpty else { return }
      // Equal keys (a file given twice) have equal lines, so their order does not matter.
      held.sort { $0.key < $1.key }
      let path = spool.directory + "/conflicts-\(worker)-\(runCount).bin"
      runCount += 1
      let file = try SpoolFile(creating: path)
      var buffer: [UInt8] = []
      for (key, line) in held {
        SpooledRecords.append(line, key: key, to: &buffer)
        if buffer.count >= SpooledRecords.pieceBytes {
          try file.write(buffer)
          buffer.removeAll(keepingCapacity: true)
        }
      }
      try file.write(buffer)
      spool.addRun(path)
      held = []
      heldBytes = 0
    }
  }
}
