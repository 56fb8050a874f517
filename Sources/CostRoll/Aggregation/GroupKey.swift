/// The columns a report can group by.
public enum GroupKey: String, CaseIterable, Sendable {
  case userID = "user_id"
  case podcastID = "podcast_id"
  case episodeID = "episode_id"
  case service
  case eventType = "event_type"
  case unit
  case category

  /// This key's value for `event` (`category` already resolved by the caller); text is shared
  /// through `labels`.
  func value(of event: DecodedEvent, category: ByteString, labels: inout LabelInterner) -> KeyValue {
    switch self {
    case .userID: return KeyValue(event.userID)
    case .podcastID: return KeyValue(event.podcastID)
    case .episodeID: return KeyValue(event.episodeID)
    case .service: return .text(labels.intern(event.service))
    case .eventType: return .text(labels.intern(event.eventType))
    case .unit: return .text(labels.intern(event.unit))
    case .category: return .text(category)
    }
  }

  /// Whether `value` is this key's value for `event`: what `value(of:category:labels:) ==
  /// value` says, without making a value.
  func matches(_ value: KeyValue, of event: DecodedEvent, category: ByteString) -> Bool {
    switch (self, value) {
    case (.userID, .null): return event.userID == nil
    case (.userID, .uuid(let uuid)): return event.userID == uuid
    case (.podcastID, .null): return event.podcastID == nil
    case (.podcastID, .uuid(let uuid)): return event.podcastID == uuid
    case (.episodeID, .null): return event.episodeID == nil
    case (.episodeID, .uuid(let uuid)): return event.episodeID == uuid
    case (.service, .text(let text)): return text.bytes.hasSameBytes(as: event.service)
    case (.eventType, .text(let text)): return text.bytes.hasSameBytes(as: event.eventType)
    case (.unit, .text(let text)): return text.bytes.hasSameBytes(as: event.unit)
    case (.category, .text(let text)): return text.bytes == category.bytes
    default: return false
    }
  }
}

/// One key cell: null, a UUID or text. Ordered byte-wise by spelling, null first (a UUID's
/// numeric order is its lowercase text's byte order).
public enum KeyValue: Hashable, Comparable, Sendable {
  case null
  case uuid(UUIDValue)
  case text(ByteString)

  init(_ uuid: UUIDValue?) { self = uuid.map { .uuid($0) } ?? .null }

  /// The raw text, `nil` for null.
  public var text: String? {
    switch self {
    case .null: return nil
    case .uuid(let uuid): return uuid.description
    case .text(let text): return text.description
    }
  }

  public static func < (lhs: KeyValue, rhs: KeyValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return false
    case (.null, _): return true
    case (_, .null): return false
    case (.uuid(let a), .uuid(let b)): return a < b
    case (.text(let a), .text(let b)): return a < b
    default: return Array(lhs.text!.utf8).lexicographicallyPrecedes(Array(rhs.text!.utf8))
    }
  }
}
