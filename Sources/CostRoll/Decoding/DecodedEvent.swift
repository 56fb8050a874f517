/// A valid event as its line (or its shard record) holds it, before it is made a `CostEvent`: the
/// same fields, with the id and the three labels as bytes borrowed from the line or record (or,
/// when the line escaped them, from the decoder's scratch). Valid only during the call that
/// hands it out; an aggregate copies what it keeps.
///
/// The report's path uses it from line to shard record and from record to report row, so that
/// an event takes no reference counts: a `CostEvent` per line (three shared labels and the
/// source name retained, then released) cost about 5% of the 5 M-event report's CPU
/// (`perf record`, `swift_retain`/`swift_release`).
public struct DecodedEvent {
  /// The id when it has the UUID shape; `nil` for a text id.
  public var uuidID: UUIDValue?
  /// The id's decoded bytes (for a UUID too, except when read back from a record).
  public var idBytes: UnsafeBufferPointer<UInt8>
  public var timestamp: Instant
  public var createdAt: Instant?
  public var userID: UUIDValue?
  public var podcastID: UUIDValue?
  public var episodeID: UUIDValue?
  public var eventType: UnsafeBufferPointer<UInt8>
  public var service: UnsafeBufferPointer<UInt8>
  public var unit: UnsafeBufferPointer<UInt8>
  public var quantity: FixedDecimal
  public var unitCost: FixedDecimal?
  public var totalCost: FixedDecimal

  /// The event as a `CostEvent`, its labels shared through `labels`.
  func event(origin: LineOrigin, labels: inout LabelInterner) -> CostEvent {
    CostEvent(
      id: uuidID.map { .uuid($0) } ?? .text(ByteString(Array(idBytes))), timestamp: timestamp,
      createdAt: createdAt, userID: userID, podcastID: podcastID, episodeID: episodeID,
      eventType: labels.intern(eventType), service: labels.intern(service), unit: labels.intern(unit),
      quantity: quantity, unitCost: unitCost, totalCost: totalCost, origin: origin)
  }

  /// Calls `body` with `event`'s fields as a `DecodedEvent` (borrowing its arrays).
  static func withFields<Result>(of event: CostEvent, _ body: (DecodedEvent) -> Result) -> Result {
    let textID: [UInt8]
    let uuid: UUIDValue?
    switch event.id {
    case .uuid(let value):
      (uuid, textID) = (value, [])
    case .text(let text):
      (uuid, textID) = (nil, text.bytes)
    }
    return textID.withUnsafeBufferPointer { id in
      event.eventType.bytes.withUnsafeBufferPointer { eventType in
        event.service.bytes.withUnsafeBufferPointer { service in
          event.unit.bytes.withUnsafeBufferPointer { unit in
            body(
              DecodedEvent(
                uuidID: uuid, idBytes: id, timestamp: event.timestamp, createdAt: event.createdAt,
                userID: event.userID, podcastID: event.podcastID, episodeID: event.episodeID,
                eventType: eventType, service: service, unit: unit, quantity: event.quantity,
                unitCost: event.unitCost, totalCost: event.totalCost))
          }
        }
      }
    }
  }
}

/// Room for the decoded bytes of an escaped id and labels, which a `DecodedEvent` borrows until
/// the next line: 128 bytes for the id, 64 for each label (longer values are rejected before
/// they are stored).
final class DecodedStringScratch {
  static let idBytes = 128
  static let labelBytes = 64
  let bytes: UnsafeMutableBufferPointer<UInt8>

  init() {
    bytes = .allocate(capacity: Self.idBytes + 3 * Self.labelBytes)
    bytes.initialize(repeating: 0)
  }

  deinit { bytes.deallocate() }

  /// Copies `value` (at most the slot's size) into slot `slot` (0 the id, 1–3 the labels) of
  /// `bytes` (a scratch's `bytes`) and returns the copy.
  static func store(_ value: [UInt8], slot: Int, in bytes: UnsafeMutableBufferPointer<UInt8>)
    -> UnsafeBufferPointer<UInt8>
  {
    let start = slot == 0 ? 0 : idBytes + (slot - 1) * labelBytes
    precondition(value.count <= (slot == 0 ? idBytes : labelBytes), "checked by the caller")
    let region = UnsafeMutableBufferPointer(rebasing: bytes[start..<(start + value.count)])
    _ = region.update(fromContentsOf: value)
    return UnsafeBufferPointer(region)
  }
}
