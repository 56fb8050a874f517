import CostRoll
import Foundation
import GRDB

/// The `kept` table: the winning copy of each event id, as (part, id, `user_id`, timestamp
/// seconds and nanoseconds, `KeptRecord`), without its line, keyed by (part, id) (see
/// `KeptParts`). A UUID (id or user) is its 16 bytes, big endian, so it sorts as its spelling
/// does; another id is its text. `kept_by_user` keys (part, user, timestamp, id) for a user's
/// events, a null user as the empty blob.
enum KeptRow {
  static let tableName = "kept"

  /// The insert of one kept copy into a part (`KeptParts`): part, id, user, timestamp seconds
  /// and nanoseconds, record.
  static let insertSQL = "INSERT INTO kept (part, id, user_id, ts, ts_nanos, record) VALUES (?, ?, ?, ?, ?, ?)"

  /// The columns every read selects from `kept k`, in this order (see `stored`).
  static let columns = "k.id, k.user_id, k.ts, k.ts_nanos, k.record"

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
