/// Where dedup's conflicts go as it finds them: one writer per core, closed when the core is
/// done. The run's `ConflictSpool` is one and writes them out as `conflicts.jsonl`; dedup itself
/// does not know how conflicts are written.
public protocol ConflictSink: Sendable {
  associatedtype Writer: ConflictWriter
  /// A writer for core number `worker`, used by that core only.
  func writer(worker: Int) -> Writer
}

/// One core's writer of conflicts (see `ConflictSink`).
public protocol ConflictWriter: AnyObject {
  /// Records `conflict`.
  func append(_ conflict: Conflict) throws(CostRollError)
  /// Writes out what is held; nothing is appended after.
  func close() throws(CostRollError)
}
