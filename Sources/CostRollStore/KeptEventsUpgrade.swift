import CostRoll
import Foundation
import GRDB

/// Moves the kept events of a store written before compact records (`kept_event`: id text,
/// raw line, a full `EventRecord`) into the first part of `kept` (`KeptParts`), each line
/// replaced by its hash, and drops the old table: about 1,000 bytes an event become about 200. Runs once, in the migration's
/// transaction, so a store is upgraded whole or not at all.
enum KeptEventsUpgrade {
  static func run(_ db: Database) throws {
    try db.create(table: "kept_label") { table in
      table.primaryKey("id", .integer)
      table.column("event_type", .blob).notNull()
      table.column("service", .blob).notNull()
      table.column("unit", .blob).notNull()
      table.uniqueKey(["event_type", "service", "unit"])
    }
    try db.create(table: "kept_source") { table in
      table.primaryKey("id", .integer)
      table.column("path", .text).notNull().unique()
    }
    try db.execute(
      sql: """
        CREATE TABLE kept (part INTEGER NOT NULL, id NOT NULL, user_id BLOB, ts INTEGER NOT NULL,
          ts_nanos INTEGER NOT NULL, record BLOB NOT NULL, PRIMARY KEY (part, id)) WITHOUT ROWID;
        CREATE TABLE kept_by_user (part INTEGER NOT NULL, user_id BLOB NOT NULL, ts INTEGER NOT NULL,
          ts_nanos INTEGER NOT NULL, id NOT NULL, PRIMARY KEY (part, user_id, ts, ts_nanos, id)) WITHOUT ROWID;
        CREATE TABLE kept_part (part INTEGER PRIMARY KEY, events INTEGER NOT NULL, filter BLOB NOT NULL);
        """)
    let dictionary = KeptDictionary()
    let parts = KeptParts()
    var labels = LabelInterner()
    let rows = try Row.fetchCursor(db, sql: "SELECT source, raw, record FROM kept_event ORDER BY id")
    while let row = try rows.next() {
      let source: String = row[0]
      let raw: Data = row[1]
      let record: Data = row[2]
      let event = StoredEvent.event(legacyRecord: [UInt8](record), source: source, labels: &labels)
      try parts.save(
        StoredEvent(event: event, lineHash: raw.withUnsafeBytes { LineHash.of($0) }), dictionary: dictionary, db)
    }
    try parts.seal(db)
    try db.drop(table: "kept_event")
  }
}
