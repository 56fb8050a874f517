import CostRoll
import Foundation
import GRDB

/// `StateTransaction` over one GRDB database access (inside `SQLiteStateStore`'s transaction).
struct SQLiteStateTransaction: StateTransaction {
  let db: Database
  let path: String
  /// The label sets and sources of kept records, loaded once per transaction.
  let dictionary = KeptDictionary()
  /// The parts of `kept` and this transaction's saves into a new one.
  let parts = KeptParts()

  /// Runs `body`, turning a database error into `CostRollError.stateFailed`.
  private func attempt<T>(_ body: () throws -> T) throws(CostRollError) -> T {
    do {
      return try body()
    } catch {
      throw .stateFailed(path: path, reason: String(describing: error))
    }
  }

  func isIngested(contentHash: String) throws(CostRollError) -> Bool {
    try attempt { try IngestedFileRow.exists(db, key: contentHash) }
  }

  func ingestedHash(path: String, bytes: Int, modifiedNanoseconds: Int64) throws(CostRollError) -> String? {
    guard modifiedNanoseconds != 0 else { return nil }
    return try attempt {
      try String.fetchOne(
        db, sql: "SELECT content_hash FROM ingested_file WHERE path = ? AND bytes = ? AND modified_ns = ?",
        arguments: [path, bytes, modifiedNanoseconds])
    }
  }

  func insert(_ file: IngestedFile) throws(CostRollError) {
    let now = Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down))).description
    try attempt { try IngestedFileRow(file, ingestedAt: now).insert(db) }
  }

  func ingestedFiles() throws(CostRollError) -> [IngestedFile] {
    try attempt {
      try IngestedFileRow.order(Column("run_id"), Column("path")).fetchAll(db).map(\.file)
    }
  }

  func keptEvents(ids: [EventID]) throws(CostRollError) -> [EventID: StoredEvent] {
    try attempt {
      var found: [EventID: StoredEvent] = [:]
      for id in ids {
        if let stored = try parts.lookUp(id, dictionary: dictionary, db) { found[id] = stored }
      }
      return found
    }
  }

  func saveKept(_ events: [StoredEvent]) throws(CostRollError) {
    try attempt {
      for stored in events { try parts.save(stored, dictionary: dictionary, db) }
    }
  }

  func sealKept() throws(CostRollError) {
    try attempt { try parts.seal(db) }
  }

  func keptCount() throws(CostRollError) -> Int {
    try attempt { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kept") ?? 0 }
  }

  func forEachKept(_ body: (CostEvent) -> Void) throws(CostRollError) {
    try attempt {
      let rows = try Row.fetchCursor(db, sql: "SELECT \(KeptRow.columns) FROM kept k")
      while let row = try rows.next() { body(try KeptRow.stored(row, dictionary: dictionary, db).event) }
    }
  }

  func forEachKept(user: UUIDValue?, _ body: (CostEvent) -> Void) throws(CostRollError) {
    try attempt {
      let rows = try Row.fetchCursor(
        db, sql: "SELECT \(KeptRow.columns) \(Self.userJoin)", arguments: [Self.userKey(user)])
      while let row = try rows.next() { body(try KeptRow.stored(row, dictionary: dictionary, db).event) }
    }
  }

  /// One user's rows of `kept_by_user` joined to their events, every part probed (the key
  /// starts with the part).
  private static let userJoin = """
    FROM kept_by_user u JOIN kept k ON k.part = u.part AND k.id = u.id
    WHERE u.part IN (SELECT part FROM kept_part) AND u.user_id = ?
    """

  /// A user's key in `kept_by_user` (the null user: the empty blob).
  private static func userKey(_ user: UUIDValue?) -> DatabaseValue {
    user == nil ? Data().databaseValue : KeptRow.value(of: user)
  }

  func keptEvents(user: UUIDValue?, limit: Int, offset: Int) throws(CostRollError) -> (
    total: Int, events: [StoredEvent]
  ) {
    try attempt {
      let total =
        try Int.fetchOne(
          db,
          sql: """
            SELECT COUNT(*) FROM kept_by_user u WHERE u.part IN (SELECT part FROM kept_part) AND u.user_id = ?
            """, arguments: [Self.userKey(user)]) ?? 0
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT \(KeptRow.columns) \(Self.userJoin)
          ORDER BY u.ts DESC, u.ts_nanos DESC, u.id LIMIT ? OFFSET ?
          """, arguments: [Self.userKey(user), limit, offset])
      return (total, try rows.map { row in try KeptRow.stored(row, dictionary: dictionary, db) })
    }
  }

  func forEachAggregateCell(
    _ name: String, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void
  ) throws(CostRollError) {
    try attempt {
      let statement = try db.cachedStatement(sql: "SELECT key, value FROM aggregate_cell WHERE aggregate = ?")
      var row = RowBinding(statement)
      row.bind(name)
      try row.forEachResult { result in body(result.blob(0), result.blob(1)) }
    }
  }

  func writeAggregateCells(_ name: String, _ changed: [(key: [UInt8], value: [UInt8]?)], replacingAll: Bool)
    throws(CostRollError)
  {
    try attempt {
      if replacingAll { try db.execute(sql: "DELETE FROM aggregate_cell WHERE aggregate = ?", arguments: [name]) }
      let upsert = try db.cachedStatement(sql: AggregateCellRow.upsertSQL)
      let delete = try db.cachedStatement(sql: "DELETE FROM aggregate_cell WHERE aggregate = ? AND key = ?")
      // Sorted by key, so the B-tree takes them from left to right.
      for (key, value) in changed.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
        var row = RowBinding(value == nil ? delete : upsert)
        row.bind(name)
        key.withUnsafeBytes { row.bind($0) }
        value?.withUnsafeBytes { row.bind($0) }
        try row.run()
      }
    }
  }

  func aggregateFingerprint(_ name: String) throws(CostRollError) -> String? {
    try attempt { try AggregateDefinitionRow.fetchOne(db, key: name)?.fingerprint }
  }

  func setAggregateFingerprint(_ name: String, _ fingerprint: String) throws(CostRollError) {
    try attempt { try AggregateDefinitionRow(aggregate: name, fingerprint: fingerprint).upsert(db) }
  }

  func runs() throws(CostRollError) -> [RunRecord] {
    try attempt { try RunRow.order(Column("id")).fetchAll(db).map(\.run) }
  }

  func insert(_ run: RunRecord) throws(CostRollError) {
    try attempt { try RunRow(run).insert(db) }
  }
}
