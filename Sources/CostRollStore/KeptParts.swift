import CostRoll
import Foundation
import GRDB

/// `kept` in parts: each transaction that saves kept copies writes them into a part of its own
/// (`kept_part`), so a night writes new pages only, never the pages of earlier nights' events.
/// An id keyed in one B-tree of all kept events would put a night's new ids on nearly every
/// page of it: the night would rewrite (and journal) the whole table.
///
/// A part's Bloom filter (`KeptFilter`) says which parts a looked-up id may be in; only those
/// are read. A copy that replaces one of an earlier part deletes the old row, so an id is in
/// one part at most. One transaction's saves are one id each.
final class KeptParts {
  private var filters: [(part: Int64, filter: KeptFilter)] = []
  private var loaded = false
  /// Where this transaction's lookups found each id: its part and its `kept_by_user` key.
  private var found: [EventID: (part: Int64, user: DatabaseValue, ts: Int64, nanos: Int64)] = [:]
  /// The part this transaction saves into, made by its first save.
  private var current: Int64?
  /// This transaction's saved ids and `kept_by_user` rows, written by `seal`.
  private var saved: [KeptFilter.Probe] = []
  private var userRows: [UserRow] = []
  /// The insert into `kept`, prepared once per transaction (a cached statement is looked up by
  /// its SQL text on every use).
  private var insertKept: Statement?

  /// A row of `kept_by_user` to write, in the index's order (the null user first, as the empty
  /// blob; UUIDs by their bits).
  private struct UserRow {
    var user: UInt128
    var hasUser: Bool
    var ts: Int64
    var nanos: Int64
    var id: EventID

    static func precedes(_ a: UserRow, _ b: UserRow) -> Bool {
      if a.hasUser != b.hasUser { return !a.hasUser }
      if a.user != b.user { return a.user < b.user }
      if a.ts != b.ts { return a.ts < b.ts }
      if a.nanos != b.nanos { return a.nanos < b.nanos }
      return a.id < b.id
    }
  }

  private func load(_ db: Database) throws {
    guard !loaded else { return }
    loaded = true
    for row in try Row.fetchAll(db, sql: "SELECT part, filter FROM kept_part ORDER BY part DESC") {
      filters.append((row[0], KeptFilter(bytes: [UInt8](row[1] as Data))))
    }
  }

  /// The kept copy of `id`, if any part holds it.
  func lookUp(_ id: EventID, dictionary: KeptDictionary, _ db: Database) throws -> StoredEvent? {
    try load(db)
    let probe = KeptFilter.Probe(id)
    let statement = try db.cachedStatement(sql: "SELECT \(KeptRow.columns) FROM kept k WHERE part = ? AND id = ?")
    for (part, filter) in filters where filter.mayContain(probe) {
      guard let row = try Row.fetchOne(statement, arguments: [part, KeptRow.value(of: id)]) else { continue }
      found[id] = (part, row[1] as DatabaseValue, row[2], row[3])
      return try KeptRow.stored(row, dictionary: dictionary, db)
    }
    return nil
  }

  /// Saves `stored` into this transaction's part, deleting the copy a lookup found for its id.
  func save(_ stored: StoredEvent, dictionary: KeptDictionary, _ db: Database) throws {
    let part = try currentPart(db)
    let event = stored.event
    if !found.isEmpty, let old = found.removeValue(forKey: event.id) {
      let id = KeptRow.value(of: event.id)
      try db.cachedStatement(sql: "DELETE FROM kept WHERE part = ? AND id = ?").execute(arguments: [old.part, id])
      let user = old.user.isNull ? Data().databaseValue : old.user
      try db.cachedStatement(
        sql: "DELETE FROM kept_by_user WHERE part = ? AND user_id = ? AND ts = ? AND ts_nanos = ? AND id = ?"
      ).execute(arguments: [old.part, user, old.ts, old.nanos, id])
    }
    let record = KeptRecord.encode(
      event, lineHash: stored.lineHash, labelSet: try dictionary.labelSet(of: event, db),
      source: try dictionary.source(event.origin.source, db))
    if insertKept == nil { insertKept = try db.makeStatement(sql: KeptRow.insertSQL) }
    var row = RowBinding(insertKept!)
    row.bind(part)
    row.bind(event.id)
    row.bind(event.userID)
    row.bind(event.timestamp.seconds)
    row.bind(Int64(event.timestamp.nanoseconds))
    record.withUnsafeBytes { row.bind($0) }
    try row.run()
    saved.append(KeptFilter.Probe(event.id))
    userRows.append(
      UserRow(
        user: event.userID?.bits ?? 0, hasUser: event.userID != nil, ts: event.timestamp.seconds,
        nanos: Int64(event.timestamp.nanoseconds), id: event.id))
  }

  private func currentPart(_ db: Database) throws -> Int64 {
    if let current { return current }
    let part = (try Int64.fetchOne(db, sql: "SELECT MAX(part) FROM kept_part") ?? 0) + 1
    current = part
    return part
  }

  /// Writes this transaction's part: its user index rows (in index order, so they are
  /// appended) and its filter.
  func seal(_ db: Database) throws {
    guard let part = current else { return }
    userRows.sort(by: UserRow.precedes)
    let insert = try db.cachedStatement(
      sql: "INSERT INTO kept_by_user (part, user_id, ts, ts_nanos, id) VALUES (?, ?, ?, ?, ?)")
    for user in userRows {
      var row = RowBinding(insert)
      row.bind(part)
      // The null user is the empty blob: a key column cannot be NULL.
      if user.hasUser {
        row.bind(UUIDValue(bits: user.user))
      } else {
        row.bind(UnsafeRawBufferPointer(start: nil, count: 0))
      }
      row.bind(user.ts)
      row.bind(user.nanos)
      row.bind(user.id)
      try row.run()
    }
    var filter = KeptFilter(capacity: saved.count)
    for probe in saved { filter.insert(probe) }
    try db.execute(
      sql: "INSERT INTO kept_part (part, events, filter) VALUES (?, ?, ?)",
      arguments: [part, saved.count, Data(filter.bytes)])
    filters.insert((part, filter), at: 0)
    (current, saved, userRows, insertKept) = (nil, [], [], nil)
  }
}
