import CostRoll
import Foundation
import GRDB

/// The numbers kept records use for what repeats across events: each distinct
/// (`event_type`, `service`, `unit`) in `kept_label` and each source path in `kept_source`.
/// A few dozen label sets and a few files a day stand for some 40 bytes of labels and a path
/// per event.
///
/// Loaded on first use in a transaction; new entries are inserted as they are met, so they
/// commit or roll back with the events that use them.
final class KeptDictionary {
  private struct LabelSet: Hashable {
    var eventType: ByteString
    var service: ByteString
    var unit: ByteString
  }

  private var labelIDs: [LabelSet: Int64] = [:]
  private var labelSets: [Int64: LabelSet] = [:]
  private var sourceIDs: [String: Int64] = [:]
  private var sources: [Int64: String] = [:]
  private var loaded = false

  private func load(_ db: Database) throws {
    guard !loaded else { return }
    loaded = true
    for row in try Row.fetchAll(db, sql: "SELECT id, event_type, service, unit FROM kept_label") {
      let set = LabelSet(
        eventType: ByteString([UInt8](row[1] as Data)), service: ByteString([UInt8](row[2] as Data)),
        unit: ByteString([UInt8](row[3] as Data)))
      labelIDs[set] = row[0]
      labelSets[row[0]] = set
    }
    for row in try Row.fetchAll(db, sql: "SELECT id, path FROM kept_source") {
      sourceIDs[row[1]] = row[0]
      sources[row[0]] = row[1]
    }
  }

  /// The number of `event`'s label set, inserted if new.
  func labelSet(of event: CostEvent, _ db: Database) throws -> Int64 {
    try load(db)
    let set = LabelSet(eventType: event.eventType, service: event.service, unit: event.unit)
    if let id = labelIDs[set] { return id }
    try db.execute(
      sql: "INSERT INTO kept_label (event_type, service, unit) VALUES (?, ?, ?)",
      arguments: [Data(set.eventType.bytes), Data(set.service.bytes), Data(set.unit.bytes)])
    let id = db.lastInsertedRowID
    (labelIDs[set], labelSets[id]) = (id, set)
    return id
  }

  /// The number of source `path`, inserted if new.
  func source(_ path: String, _ db: Database) throws -> Int64 {
    try load(db)
    if let id = sourceIDs[path] { return id }
    try db.execute(sql: "INSERT INTO kept_source (path) VALUES (?)", arguments: [path])
    let id = db.lastInsertedRowID
    (sourceIDs[path], sources[id]) = (id, path)
    return id
  }

  /// The event a `kept` row holds.
  func event(
    id: EventID, user: UUIDValue?, timestamp: Instant, record: UnsafeRawBufferPointer, _ db: Database
  ) throws -> StoredEvent {
    try load(db)
    let fields = KeptRecord.decode(record, timestamp: timestamp)
    guard let labels = labelSets[fields.labelSet], let source = sources[fields.source] else {
      throw DatabaseError(message: "a kept record names a label set or source the store does not have")
    }
    let event = CostEvent(
      id: id, timestamp: timestamp, createdAt: fields.createdAt, userID: user, podcastID: fields.podcastID,
      episodeID: fields.episodeID, eventType: labels.eventType, service: labels.service, unit: labels.unit,
      quantity: fields.quantity, unitCost: fields.unitCost, totalCost: fields.totalCost,
      origin: LineOrigin(source: source, line: fields.line))
    return StoredEvent(event: event, lineHash: fields.lineHash)
  }
}
