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

  /// The field's name as UTF-8, for matching keys without building strings.
  static let names: [[UInt8]] = allCases.map { Array($0.rawValue.utf8) }

  /// The field whose name is `key`, if any.
  static func named(_ key: UnsafeBufferPointer<UInt8>) -> EventField? {
    for (index, name) in names.enumerated() where name.count == key.count && name.elementsEqual(key) {
      return allCases[index]
    }
    return nil
  }
}
