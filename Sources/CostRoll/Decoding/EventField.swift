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

  /// Every field with the fingerprint of its name (all names are at most 16 bytes, so a
  /// matching fingerprint is a matching name).
  static let fingerprints: [(key: ShortByteKey, field: EventField)] = allCases.map {
    (ShortByteKey(Array($0.rawValue.utf8)), $0)
  }

  /// The field whose name is `key`, if any; `guess` is tried first. Emitters write their
  /// fields in one order, so the decoder guesses the field that stood at the same position on
  /// the line before, and nearly every name is one comparison rather than a search through
  /// thirteen. The decoder passes its own copy of `fingerprints`: reading the static table
  /// checks its one-time initialization for every name.
  static func named(
    _ key: UnsafeBufferPointer<UInt8>, guess: EventField? = nil,
    among fingerprints: [(key: ShortByteKey, field: EventField)] = fingerprints
  ) -> EventField? {
    guard key.count <= 16 else { return nil }
    let wanted = ShortByteKey(key)
    if let guess, fingerprints[guess.index].key == wanted { return guess }
    for candidate in fingerprints where candidate.key == wanted { return candidate.field }
    return nil
  }

  /// The field's position in `allCases`, which indexes the decoder's value slots. A switch,
  /// not a dictionary: it runs for every field of every line.
  var index: Int {
    switch self {
    case .id: return 0
    case .timestamp: return 1
    case .eventType: return 2
    case .service: return 3
    case .unit: return 4
    case .quantity: return 5
    case .totalCostUSD: return 6
    case .unitCostUSD: return 7
    case .userID: return 8
    case .podcastID: return 9
    case .episodeID: return 10
    case .createdAt: return 11
    case .metadata: return 12
    }
  }
}
