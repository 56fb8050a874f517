/// One valid cost event, normalized: the unit every stage after decoding works on.
public struct CostEvent: Sendable {
  /// The deduplication key.
  public var id: EventID
  /// When the cost was incurred; buckets and windows use it.
  public var timestamp: Instant
  /// When the emitter wrote the event; `nil` when absent (it then loses dedup ties).
  public var createdAt: Instant?
  /// The user charged; `nil` for a system operation (reported as unattributed).
  public var userID: UUIDValue?
  public var podcastID: UUIDValue?
  public var episodeID: UUIDValue?
  public var eventType: ByteString
  public var service: ByteString
  public var unit: ByteString
  public var quantity: FixedDecimal
  /// The given unit cost, if any.
  public var unitCost: FixedDecimal?
  /// The effective total: as given, or derived as `quantity × unitCost`.
  public var totalCost: FixedDecimal
  /// Where the line was read. The line itself is not kept (it would make memory grow with
  /// input bytes); dedup reads the few lines it needs again by their origin.
  public var origin: LineOrigin

  public init(
    id: EventID, timestamp: Instant, createdAt: Instant?, userID: UUIDValue?, podcastID: UUIDValue?,
    episodeID: UUIDValue?, eventType: ByteString, service: ByteString, unit: ByteString,
    quantity: FixedDecimal, unitCost: FixedDecimal?, totalCost: FixedDecimal, origin: LineOrigin
  ) {
    self.id = id
    self.timestamp = timestamp
    self.createdAt = createdAt
    self.userID = userID
    self.podcastID = podcastID
    self.episodeID = episodeID
    self.eventType = eventType
    self.service = service
    self.unit = unit
    self.quantity = quantity
    self.unitCost = unitCost
    self.totalCost = totalCost
    self.origin = origin
  }

  /// Whether two copies carry the same normalized content: the instant, the three UUIDs, the
  /// three strings and the exact quantity, unit cost and effective total, however spelled.
  public func hasSameContent(as other: CostEvent) -> Bool {
    timestamp == other.timestamp && userID == other.userID && podcastID == other.podcastID
      && episodeID == other.episodeID && eventType == other.eventType && service == other.service
      && unit == other.unit && quantity == other.quantity && unitCost == other.unitCost
      && totalCost == other.totalCost
  }
}
