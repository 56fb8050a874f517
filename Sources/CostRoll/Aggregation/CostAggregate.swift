/// A partial aggregate over kept events: built per shard of ids, then merged.
///
/// Merging must be commutative and associative (sums, minima, maxima), so the merged result is
/// the same whatever shard or order the events went through. This is the mergeable shape that
/// lets dedup and aggregation run on all cores, and later across machines.
public protocol CostAggregate: Sendable {
  /// Adds one kept event, borrowed (see `DecodedEvent`): what the aggregate keeps it copies.
  mutating func add(_ event: DecodedEvent)
  /// Adds kept events, borrowed like `add(_:)`'s, several at a time (so that an aggregate
  /// whose tables miss the cache can ask for all their rows before it adds the first); the
  /// default adds them one by one.
  mutating func add(_ events: UnsafeBufferPointer<DecodedEvent>)
  /// Adds kept events like `add(_:)`, each with where its record was read (`origins[i]` is
  /// `events[i]`'s); the default ignores the origins. An aggregate that must name where its
  /// events came from (a pipeline's new kept copies) takes them here.
  mutating func add(_ events: UnsafeBufferPointer<DecodedEvent>, origins: UnsafeBufferPointer<RecordOrigin>)
  /// Adds the kept copy of an id that had several, chosen by the winner rule, with its line's
  /// hash when known; the default adds it as `add(_:)` does.
  mutating func add(winner: CostEvent, lineHash: UInt64?)
  /// Adds everything `other` has seen.
  mutating func merge(_ other: Self)
  /// Adds everything `other` has seen, leaving it free to drop its tables as they are added
  /// (so two big partials are never held whole at once); the default is `merge(_:)`.
  mutating func merge(draining other: inout Self)
  /// Every added event's total.
  var total: DecimalSum { get }
  /// The total of added events with a null `user_id`.
  var unattributedTotal: DecimalSum { get }
}

extension CostAggregate {
  public mutating func add(_ events: UnsafeBufferPointer<DecodedEvent>) {
    for event in events { add(event) }
  }

  public mutating func add(
    _ events: UnsafeBufferPointer<DecodedEvent>, origins: UnsafeBufferPointer<RecordOrigin>
  ) {
    add(events)
  }

  public mutating func add(winner: CostEvent, lineHash: UInt64?) { add(winner) }

  public mutating func merge(draining other: inout Self) { merge(other) }

  /// Adds one kept event.
  public mutating func add(_ event: CostEvent) {
    DecodedEvent.withFields(of: event) { add($0) }
  }
}
