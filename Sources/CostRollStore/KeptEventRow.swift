import CostRoll
import Foundation
import GRDB

/// A row of `kept_event`: the winning copy of one event id, with its raw line (the winner rule
/// compares lines when a later copy arrives) and its compact record (what reports read).
struct KeptEventRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "kept_event"

  /// The id's canonical spelling.
  var id: String
  var userID: String?
  var timestampSeconds: Int64
  var timestampNanos: Int32
  var source: String
  var line: Int
  var raw: [UInt8]
  var record: [UInt8]

  enum CodingKeys: String, CodingKey {
    case id
    case userID = "user_id"
    case timestampSeconds = "timestamp_seconds"
    case timestampNanos = "timestamp_nanos"
    case source, line, raw, record
  }

  /// The upsert the store runs once per saved event (a prepared statement, not a record call:
  /// bulk saves are the nightly run's main write).
  static let upsertSQL = """
    INSERT INTO kept_event (id, user_id, timestamp_seconds, timestamp_nanos, source, line, raw, record)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, timestamp_seconds = excluded.timestamp_seconds,
      timestamp_nanos = excluded.timestamp_nanos, source = excluded.source, line = excluded.line,
      raw = excluded.raw, record = excluded.record
    """

  static func arguments(for stored: StoredEvent) -> StatementArguments {
    let event = stored.event
    return [
      event.id.description, event.userID?.description, event.timestamp.seconds, event.timestamp.nanoseconds,
      event.origin.source, event.origin.line, Data(stored.raw), Data(stored.record),
    ]
  }
}
