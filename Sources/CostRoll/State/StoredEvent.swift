/// A kept event as the state store holds it: the decoded event (its origin names the file path
/// and line it was read from when ingested) and its raw line, which the dedup winner rule needs
/// when a later copy of the same id arrives.
public struct StoredEvent: Sendable {
  public var event: CostEvent
  /// The line without LF/CR.
  public var raw: [UInt8]

  public init(event: CostEvent, raw: [UInt8]) {
    self.event = event
    self.raw = raw
  }

  /// The compact binary form of `event` the store keeps (see `EventRecord`), with no source
  /// index: the store keeps the source path beside it.
  public var record: [UInt8] {
    var bytes: [UInt8] = []
    EventRecord.append(event, sourceIndex: 0, to: &bytes)
    return bytes
  }

  /// The event stored as `record` by `StoredEvent.record`, read from `source`.
  public static func event(record: [UInt8], source: String, labels: inout LabelInterner) -> CostEvent {
    record.withUnsafeBytes { bytes in
      var offset = 0
      return EventRecord.read(bytes, at: &offset, sources: [source], labels: &labels)
    }
  }

  /// Whether this copy beats `other` under the dedup winner rule (earliest `created_at`, then
  /// the byte-wise smallest line, then the smallest source and line).
  public func precedes(_ other: StoredEvent) -> Bool {
    Deduplicator.precedes(event, raw, other.event, other.raw)
  }
}
