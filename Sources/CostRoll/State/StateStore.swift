/// Where nightly runs keep what they need across runs: the manifest of ingested files, the
/// kept event of every id, the partial aggregates each report and the snapshot are published
/// from, and the runs.
///
/// The core depends only on this protocol; `CostRollStore` implements it with SQLite, so the
/// core never imports a database library.
public protocol StateStore: AnyObject {
  /// Runs `body` in one write transaction: everything it wrote is committed when it returns,
  /// and nothing when it throws or the process dies first.
  func write<T>(_ body: (any StateTransaction) throws(CostRollError) -> T) throws(CostRollError) -> T
  /// Runs `body` on a consistent read-only view.
  func read<T>(_ body: (any StateTransaction) throws(CostRollError) -> T) throws(CostRollError) -> T
}

/// The operations of one transaction on a `StateStore`.
public protocol StateTransaction {
  /// Whether a file with this content hash was ingested by an earlier run.
  func isIngested(contentHash: String) throws(CostRollError) -> Bool
  /// The content hash of the file ingested from `path` with this size and modification time.
  func ingestedHash(path: String, bytes: Int, modifiedNanoseconds: Int64) throws(CostRollError) -> String?
  func insert(_ file: IngestedFile) throws(CostRollError)
  /// Every ingested file, by run then path.
  func ingestedFiles() throws(CostRollError) -> [IngestedFile]
  /// The kept copies of those of `ids` that have one.
  func keptEvents(ids: [EventID]) throws(CostRollError) -> [EventID: StoredEvent]
  /// Inserts or replaces the kept copy of each event's id (one save per id in a transaction;
  /// an id replaced must have been looked up by `keptEvents(ids:)` in the same transaction).
  func saveKept(_ events: [StoredEvent]) throws(CostRollError)
  /// Ends the transaction's saves: writes what finds its kept copies again (by id and by
  /// user). A transaction that saved must seal before it ends.
  func sealKept() throws(CostRollError)
  /// The number of kept events.
  func keptCount() throws(CostRollError) -> Int
  /// Hands every kept event to `body`, in no particular order.
  func forEachKept(_ body: (CostEvent) -> Void) throws(CostRollError)
  /// Hands every kept event of `user` (`nil`: the null user) to `body`.
  func forEachKept(user: UUIDValue?, _ body: (CostEvent) -> Void) throws(CostRollError)
  /// One user's kept events (`nil`: the null user's), newest `timestamp` first (then by id),
  /// skipping `offset`, at most `limit`; and how many there are in all.
  func keptEvents(user: UUIDValue?, limit: Int, offset: Int) throws(CostRollError) -> (
    total: Int, events: [StoredEvent]
  )
  /// Hands every stored cell (key and value bytes, valid during the call) of the partial
  /// aggregate `name` to `body`.
  func forEachAggregateCell(
    _ name: String, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void
  ) throws(CostRollError)
  /// Stores the `changed` cells of aggregate `name` (a `nil` value deletes the cell); with
  /// `replacingAll`, every other cell of `name` is deleted first.
  func writeAggregateCells(_ name: String, _ changed: [(key: [UInt8], value: [UInt8]?)], replacingAll: Bool)
    throws(CostRollError)
  /// What aggregate `name` was built for (see `PipelineAggregates`), `nil` if never built.
  func aggregateFingerprint(_ name: String) throws(CostRollError) -> String?
  func setAggregateFingerprint(_ name: String, _ fingerprint: String) throws(CostRollError)
  /// Every finished run, oldest first.
  func runs() throws(CostRollError) -> [RunRecord]
  func insert(_ run: RunRecord) throws(CostRollError)
}
