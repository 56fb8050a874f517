/// A kept event as the state store holds it: the decoded event (its origin names the file path
/// and line it was read from) and its line's hash (`LineHash`). The line itself is not kept:
/// when a later copy of the id ties with it on `created_at` or replaces it as a conflict, the
/// line is read again from its file (`PipelineIngest`).
public struct StoredEvent: Sendable {
  public var event: CostEvent
  public var lineHash: UInt64

  public init(event: CostEvent, lineHash: UInt64) {
    self.event = event
    self.lineHash = lineHash
  }

  /// The event in a record written by releases that kept whole `EventRecord`s beside the raw
  /// line (no source index: the store kept the path beside it), read from `source`. Only the
  /// store's upgrade of such stores reads these.
  public static func event(legacyRecord record: [UInt8], source: String, labels: inout LabelInterner) -> CostEvent {
    record.withUnsafeBytes { bytes in
      var offset = 0
      return EventRecord.read(bytes, at: &offset, sources: [source], labels: &labels)
    }
  }
}
