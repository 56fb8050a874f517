/// Sums kept events into report rows: one row per distinct group-by key values (and bucket).
public struct ReportAggregator: CostAggregate {
  private struct RowKey: Hashable {
    var values: [KeyValue]
    var bucket: Bucket?
  }

  private struct Totals {
    var eventCount = 0
    var quantity = DecimalSum()
    var cost = DecimalSum()

    /// Counts one event (one dictionary access per event, not three).
    mutating func add(_ event: CostEvent) {
      eventCount += 1
      quantity.add(event.quantity)
      cost.add(event.totalCost)
    }

    mutating func add(_ other: Totals) {
      eventCount += other.eventCount
      quantity.add(other.quantity)
      cost.add(other.cost)
    }
  }

  public let keys: [GroupKey]
  private var calendar: BucketCalendar?
  private let categories: CategoryRules
  private var categoryCache: [ByteString: ByteString] = [:]
  private var rows: [RowKey: Totals] = [:]
  /// The sum of every added event's total: the report's grand total.
  public private(set) var total = DecimalSum()
  /// The total of added events with a null `user_id`.
  public private(set) var unattributedTotal = DecimalSum()

  /// An empty report grouped by `keys` (in column order), bucketed by `calendar` if given.
  public init(keys: [GroupKey], calendar: BucketCalendar?, categories: CategoryRules) {
    self.keys = keys
    self.calendar = calendar
    self.categories = categories
  }

  /// Adds one kept event.
  public mutating func add(_ event: CostEvent) {
    var category = ByteString([])
    if keys.contains(.category) {
      if let cached = categoryCache[event.service] {
        category = cached
      } else {
        category = ByteString(categories.category(of: event.service))
        categoryCache[event.service] = category
      }
    }
    let key = RowKey(
      values: keys.map { $0.value(of: event, category: category) }, bucket: calendar?.bucket(for: event.timestamp))
    rows[key, default: Totals()].add(event)
    total.add(event.totalCost)
    if event.userID == nil { unattributedTotal.add(event.totalCost) }
  }

  /// Adds another partial report over different events (same keys and calendar).
  public mutating func merge(_ other: ReportAggregator) {
    for (key, totals) in other.rows {
      rows[key, default: Totals()].add(totals)
    }
    total.add(other.total)
    unattributedTotal.add(other.unattributedTotal)
  }

  /// The report: key columns in the order asked, `bucket_start` when bucketed, `event_count`,
  /// `quantity` when `unit` is a key, `total_cost_usd`; rows sorted by key values (byte-wise,
  /// null first), then bucket start. With no keys and no bucket: exactly one row.
  public func table() -> Table {
    var columns = keys.map { Table.Column($0.rawValue, .key) }
    if calendar != nil { columns.append(Table.Column("bucket_start", .text)) }
    columns.append(Table.Column("event_count", .count))
    let withQuantity = keys.contains(.unit)
    if withQuantity { columns.append(Table.Column("quantity", .decimal)) }
    columns.append(Table.Column("total_cost_usd", .decimal))

    var entries = rows.map { ($0.key, $0.value) }
    if keys.isEmpty && calendar == nil && entries.isEmpty { entries = [(RowKey(values: [], bucket: nil), Totals())] }
    var order = RowOrder()
    for (key, _) in entries { order.append(key.values, bucket: key.bucket) }
    let rows = order.sortedIndices().map { index -> [Table.Cell] in
      let (key, totals) = entries[index]
      var cells: [Table.Cell] = key.values.map(\.text)
      if let bucket = key.bucket, let calendar { cells.append(calendar.label(bucket)) }
      cells.append(String(totals.eventCount))
      if withQuantity { cells.append(totals.quantity.description) }
      cells.append(totals.cost.description)
      return cells
    }
    return Table(columns: columns, rows: rows)
  }
}
