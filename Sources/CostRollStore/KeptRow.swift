import CostRoll
import Foundation
import GRDB

/// The `kept` table: the winning copy of each event id, as (id, `user_id`, timestamp seconds
/// and nanoseconds, `KeptRecord`), without its line. A UUID (id or user) is its 16 bytes, big
/// endian, so it sorts as its spelling does; another id is its text. No row id: the table is
/// the id's B-tree itself.
enum KeptRow {
  static let tableName = "kept"

  /// The upsert run once per saved event (a prepared statement: bulk saves are the nightly
  /// run's main write).
  static let upsertSQL = """
    INSERT INTO kept (id, user_id, ts, ts_nanos, record) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, ts = excluded.ts, ts_nanos = excluded.ts_nanos,
      record = excluded.record
    """

  /// The columns every read selects, in this order (see `stored(_:at:_:_:)`).
  static let columns = "id, user_id, ts, ts_nanos, record"

  static func value(of id: EventID) -> DatabaseValue {
    switch id {
    case .uuid(let uuid): return value(of: uuid)
    case .text(let text): return String(decoding: text.bytes, as: UTF8.self).databaseValue
    }
  }

  static func value(of uuid: UUIDValue?) -> DatabaseValue {
    guard let uuid else { return .null }
    return withUnsafeBytes(of: uuid.bits.bigEndian) { Data($0) }.databaseValue
  }

  static func uuid(_ value: DatabaseValue) -> UUIDValue? {
    guard case .blob(let data) = value.storage, data.count == 16 else { return nil }
    return UUIDValue(bits: data.withUnsafeBytes { UInt128(bigEndian: $0.loadUnaligned(as: UInt128.self)) })
  }

  static func id(_ value: DatabaseValue) -> EventID {
    if let uuid = uuid(value) { return .uuid(uuid) }
    guard case .string(let text) = value.storage else { return .text(ByteString([])) }
    return .text(ByteString(text))
  }

  /// The arguments of `upsertSQL` for `stored`.
  static func arguments(for stored: StoredEvent, dictionary: KeptDictionary, _ db: Database) throws
    -> StatementArguments
  {
    let event = stored.event
    let record = KeptRecord.encode(
      event, lineHash: stored.lineHash, labelSet: try dictionary.labelSet(of: event, db),
      source: try dictionary.source(event.origin.source, db))
    return StatementArguments([
      value(of: event.id), value(of: event.userID), event.timestamp.seconds.databaseValue,
      Int64(event.timestamp.nanoseconds).databaseValue, Data(record).databaseValue,
    ])
  }

  /// The kept event of a row selected as `columns`.
  static func stored(_ row: Row, dictionary: KeptDictionary, _ db: Database) throws -> StoredEvent {
    let timestamp = Instant(seconds: row[2], nanoseconds: Int32(row[3] as Int64))
    let (id, user) = (Self.id(row[0]), uuid(row[1]))
    return try row.withUnsafeData(atIndex: 4) { data in
      try (data ?? Data()).withUnsafeBytes { record in
        try dictionary.event(id: id, user: user, timestamp: timestamp, record: record, db)
      }
    }
  }
}
