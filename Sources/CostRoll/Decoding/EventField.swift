/// The top-level fields of an event, in the order the decoder checks them; the first field at
/// fault names the rejection.
enum EventField: String, CaseIterable {
  case id
  case timestamp
  case eventType = "event_type"
  case service
  case unit
  case quantity
  case totalCostUSD = "total_cost_usd"
  case unitCostUSD = "unit_cost_usd"
  case userID = "user_id"
  case podcastID = "podcast_id"
  case episodeID = "episode_id"
  case createdAt = "created_at"
  case metadata

  /// The fields by the byte length of their names, for matching keys without building strings.
  private static let byLength: [[(field: EventField, name: [UInt8])]] = {
    var table = [[(field: EventField, name: [UInt8])]](repeating: [], count: 16)
    for field in allCases { table[field.rawValue.utf8.count].append((field, Array(field.rawValue.utf8))) }
    return table
  }()

  /// The field whose name is `key`, if any.
  static func named(_ key: UnsafeBufferPointer<UInt8>) -> EventField? {
    guard key.count < byLength.count else { return nil }
    for candidate in byLength[key.count] where candidate.name.hasSameBytes(as: key) { return candidate.field }
    return nil
  }

  /// The field's position in `allCases`, which indexes the decoder's value slots.
  var index: Int { Self.indexes[self]! }

  private static let indexes: [EventField: Int] = Dictionary(
    uniqueKeysWithValues: allCases.enumerated().map { ($0.element, $0.offset) })
}
