import Foundation

/// Sums kept events into report rows: one row per distinct group-by key values (and bucket).
public struct ReportAggregator: CostAggregate {
  /// A row's sums.
  struct Totals: Equatable {
    var eventCount = 0
    var quantity = DecimalSum()
    var cost = DecimalSum()

    init() {}

    init(eventCount: Int, quantity: DecimalSum, cost: DecimalSum) {
      self.eventCount = eventCount
      self.quantity = quantity
      self.cost = cost
    }

    /// Counts one event (one dictionary access per event, not three).
    mutating func add(_ event: DecodedEvent) {
      eventCount += 1
      quantity.add(event.quantity)
      cost.add(event.totalCost)
    }

    mutating func add(_ other: Totals) {
      eventCount += other.eventCount
      quantity.add(other.quantity)
      cost.add(other.cost)
    }

    /// Takes away an event added before.
    mutating func remove(_ event: DecodedEvent) {
      eventCount -= 1
      quantity.subtract(event.quantity)
      cost.subtract(event.totalCost)
    }
  }

  public let keys: [GroupKey]
  private(set) var calendar: BucketCalendar?
  private let categories: CategoryRules
  private let hasCategory: Bool
  private var categoryCache: [ByteString: ByteString] = [:]
  /// Shares the text of new rows' keys.
  private var labels = LabelInterner()
  /// The rows so far (for a nightly pipeline's stored cells, see `PipelineAggregates`).
  var rows = RowTable()
  /// The sum of every added event's total: the report's grand total.
  public private(set) var total = DecimalSum()
  /// The total of added events with a null `user_id`.
  public private(set) var unattributedTotal = DecimalSum()

  /// An empty report grouped by `keys` (in column order), bucketed by `calendar` if given.
  public init(keys: [GroupKey], calendar: BucketCalendar?, categories: CategoryRules) {
    self.keys = keys
    self.calendar = calendar
    self.categories = categories
    hasCategory = keys.contains(.category)
  }

  /// Adds one kept event. Its row is found from the event's fields, without making a key
  /// unless the row is new (see `RowPartition`).
  public mutating func add(_ event: DecodedEvent) {
    let category = hasCategory ? category(of: event.service) : ByteString([])
    let bucket = calendar?.bucket(for: event.timestamp)
    let hash = rowHash(of: event, category: category, bucket: bucket)
    add(event, toRowWithHash: hash, bucket: bucket, category: category)
  }

  /// Adds kept events, several at a time, finding their rows in rounds of up to 16 events:
  /// each event's first index slot is asked for, then each row those slots name, then the
  /// events are added, so that the two cache misses per event (slot, then row) of a row table
  /// of tens of megabytes overlap instead of coming one after another.
  public mutating func add(_ events: UnsafeBufferPointer<DecodedEvent>) {
    guard !hasCategory, events.count > 1 else {
      for event in events { add(event) }
      return
    }
    let none = ByteString([])
    var start = 0
    while start < events.count {
      var hashes = InlineArray<16, Int>(repeating: 0)
      var buckets = InlineArray<16, Bucket?>(repeating: nil)
      let count = min(hashes.count, events.count - start)
      for index in 0..<count {
        let event = events[start + index]
        buckets[index] = calendar?.bucket(for: event.timestamp)
        hashes[index] = rowHash(of: event, category: none, bucket: buckets[index])
        rows.prefetchSlot(hash: hashes[index])
      }
      for index in 0..<count { rows.prefetchRow(hash: hashes[index]) }
      for index in 0..<count {
        add(events[start + index], toRowWithHash: hashes[index], bucket: buckets[index], category: none)
      }
      start += count
    }
  }

  /// The `RowHash` of `event`'s row.
  @inline(__always)
  private func rowHash(of event: DecodedEvent, category: ByteString, bucket: Bucket?) -> Int {
    var hash = RowHash()
    for key in keys { hash.combine(key, of: event, category: category) }
    hash.combine(bucket)
    return hash.finalize()
  }

  /// Adds `event` to its row, whose `RowHash` is `hash`.
  @inline(__always)
  private mutating func add(_ event: DecodedEvent, toRowWithHash hash: Int, bucket: Bucket?, category: ByteString) {
    let keys = keys
    // The label table is lent to a new row's key through a pointer: moving it out of `self` and
    // back for every event costs reference counting per event.
    withUnsafeMutablePointer(to: &labels) { labels in
      rows.add(
        event, hash: hash,
        matches: { row in
          guard row.bucket == bucket else { return false }
          for index in keys.indices where !keys[index].matches(row.value(at: index), of: event, category: category) {
            return false
          }
          return true
        },
        makeKey: {
          RowKey(
            values: keys.map { $0.value(of: event, category: category, labels: &labels.pointee) }, bucket: bucket)
        })
    }
    total.add(event.totalCost)
    if event.userID == nil { unattributedTotal.add(event.totalCost) }
  }

  /// Takes away an event added before (a kept copy a later copy replaced); a row left with no
  /// events is dropped, as if the event had never been added.
  mutating func remove(_ event: CostEvent) {
    DecodedEvent.withFields(of: event) { event in
      let key = rowKey(of: event)
      guard var totals = rows[key] else { return }
      totals.remove(event)
      rows[key] = totals.eventCount == 0 ? nil : totals
      total.subtract(event.totalCost)
      if event.userID == nil { unattributedTotal.subtract(event.totalCost) }
    }
  }

  /// The row `event` belongs to.
  mutating func rowKey(of event: CostEvent) -> RowKey {
    DecodedEvent.withFields(of: event) { rowKey(of: $0) }
  }

  private mutating func rowKey(of event: DecodedEvent) -> RowKey {
    let category = hasCategory ? category(of: event.service) : ByteString([])
    return RowKey(
      values: keys.map { $0.value(of: event, category: category, labels: &labels) },
      bucket: calendar?.bucket(for: event.timestamp))
  }

  /// The category of `service`, through a cache.
  private mutating func category(of service: UnsafeBufferPointer<UInt8>) -> ByteString {
    let name = labels.intern(service)
    if let cached = categoryCache[name] { return cached }
    let category = ByteString(categories.category(of: name))
    categoryCache[name] = category
    return category
  }

  /// Regroups these rows, whose buckets are finer (`grain`: hours or days), into `calendar`'s
  /// buckets (or none), keeping only rows whose bucket starts in `from..<to`. Exact because a
  /// window's ends are local midnights, and days and hours partition time.
  func rolledUp(into calendar: BucketCalendar?, from: Instant?, to: Instant?) -> ReportAggregator {
    var result = ReportAggregator(keys: keys, calendar: calendar, categories: categories)
    if calendar?.size == self.calendar?.size && from == nil && to == nil {
      // Same buckets, no window: the rows as they are (shared, not copied).
      result.rows = rows
      return result
    }
    result.rows.reserveCapacity(rows.count)
    for (key, totals) in rows {
      let start = key.bucket.map { Instant(seconds: $0.startInstant) }
      if let start, let from, start < from { continue }
      if let start, let to, !(start < to) { continue }
      let bucket = start.flatMap { start in result.calendar?.bucket(for: start) }
      result.rows.add(totals, to: RowKey(values: Array(key.values), bucket: bucket))
    }
    return result
  }

  /// Adds another partial report over different events (same keys and calendar).
  public mutating func merge(_ other: ReportAggregator) {
    var other = other
    merge(draining: &other)
  }

  /// Adds `other` and empties its rows as they are added (see `RowTable.merge(draining:)`).
  public mutating func merge(draining other: inout ReportAggregator) {
    rows.merge(draining: &other.rows)
    total.add(other.total)
    unattributedTotal.add(other.unattributedTotal)
  }

  /// Each partition's live rows, and every row's place in them in report order. The sort keys
  /// are gone when this returns, so only the rows and their order are kept while the report is
  /// written.
  func sortedRows() -> (parts: [[(key: RowKey, value: Totals)]], order: [(part: Int32, row: Int32)]) {
    // Each partition's rows are listed, their sort keys packed and sorted on all cores, and
    // the sorted partitions merged (`RowOrder.sortedLocations`); row `i` of the report is then
    // found through its (partition, row) rather than by copying every entry.
    var parts = rows.partitions.map(\.entries)
    if keys.isEmpty && calendar == nil && parts.allSatisfy(\.isEmpty) {
      parts = [[(RowKey(values: [], bucket: nil), Totals())]]
    }
    let listed = parts
    return (parts, RowOrder.sortedLocations(partCounts: parts.map(\.count)) { listed[$0][$1].key })
  }
}
