/// Builds the app's `user_costs` table: one row per user, sorted by `user_id`.
///
/// Null-user events get no row unless `assignUnattributedTo` names a user, as the app's
/// migration did; `unattributedTotal` sums them either way.
public struct UserCostsSnapshot: CostAggregate {
  /// The per-category cost columns, in table order; unknown categories count as `other`.
  public static let categoryColumns = [
    "ai_text", "ai_image", "ai_tts", "lambda_execution", "s3_operations", "s3_storage", "email", "sqs", "other",
  ]

  /// One user's sums.
  struct Row: Equatable {
    var costs = [DecimalSum](repeating: DecimalSum(), count: UserCostsSnapshot.categoryColumns.count)
    var total = DecimalSum()
    var tokens = DecimalSum()
    var emails = DecimalSum()
    var s3Operations = DecimalSum()
    var storageMB = DecimalSum()
    var lambdaSeconds = DecimalSum()
    var eventCount = 0
    var first: Instant?
    var last: Instant?

    mutating func add(_ other: Row) {
      for index in costs.indices { costs[index].add(other.costs[index]) }
      total.add(other.total)
      tokens.add(other.tokens)
      emails.add(other.emails)
      s3Operations.add(other.s3Operations)
      storageMB.add(other.storageMB)
      lambdaSeconds.add(other.lambdaSeconds)
      eventCount += other.eventCount
      first = [first, other.first].compactMap { $0 }.min()
      last = [last, other.last].compactMap { $0 }.max()
    }
  }

  private let categories: CategoryRules
  private let assignUnattributedTo: UUIDValue?
  private var columnByService: [ByteString: Int] = [:]
  /// Shares the services' names, by which `columnByService` is found.
  private var services = LabelInterner()
  /// The rows so far (for a nightly pipeline's stored rows, see `PipelineAggregates`).
  var rows: [UUIDValue: Row] = [:]
  /// All events' total.
  public private(set) var total = DecimalSum()
  /// The total of events with a null `user_id`.
  public private(set) var unattributedTotal = DecimalSum()

  public init(categories: CategoryRules, assignUnattributedTo: UUIDValue?) {
    self.categories = categories
    self.assignUnattributedTo = assignUnattributedTo
  }

  private static let tokens = Array("tokens".utf8)
  private static let emails = Array("emails".utf8)
  private static let requests = Array("requests".utf8)
  private static let megabytes = Array("mb".utf8)
  private static let gigabytes = Array("gb".utf8)
  private static let gigabyteSeconds = Array("gb_seconds".utf8)
  private static let s3Prefix = Array("s3_".utf8)

  /// Adds one kept event.
  public mutating func add(_ event: DecodedEvent) {
    total.add(event.totalCost)
    if event.userID == nil { unattributedTotal.add(event.totalCost) }
    guard let user = event.userID ?? assignUnattributedTo else { return }
    let column = column(of: event.service)
    var row = rows.removeValue(forKey: user) ?? Row()
    Self.accumulate(event, column: column, into: &row, removing: false)
    row.first = min(row.first ?? event.timestamp, event.timestamp)
    row.last = max(row.last ?? event.timestamp, event.timestamp)
    rows[user] = row
  }

  /// Takes away an event added before (a kept copy a later copy replaced). Returns the user
  /// whose row must be rebuilt from their kept events because the event was their first or
  /// last one (a minimum cannot be taken back); a row left with no events is dropped.
  mutating func remove(_ event: CostEvent) -> UUIDValue? {
    total.subtract(event.totalCost)
    if event.userID == nil { unattributedTotal.subtract(event.totalCost) }
    guard let user = event.userID ?? assignUnattributedTo, var row = rows[user] else { return nil }
    DecodedEvent.withFields(of: event) { event in
      Self.accumulate(event, column: column(of: event.service), into: &row, removing: true)
    }
    guard row.eventCount > 0 else {
      rows[user] = nil
      return nil
    }
    rows[user] = row
    return row.first == event.timestamp || row.last == event.timestamp ? user : nil
  }

  /// The cost column of `service`'s category.
  private mutating func column(of service: UnsafeBufferPointer<UInt8>) -> Int {
    let name = services.intern(service)
    if let cached = columnByService[name] { return cached }
    let category = categories.category(of: name)
    let column = Self.categoryColumns.firstIndex(of: category) ?? Self.categoryColumns.count - 1
    columnByService[name] = column
    return column
  }

  /// Adds `event`'s sums and count to `row` (or takes them away); not `first`/`last`.
  private static func accumulate(_ event: DecodedEvent, column: Int, into row: inout Row, removing: Bool) {
    func apply(_ sum: inout DecimalSum, _ value: FixedDecimal) {
      if removing { sum.subtract(value) } else { sum.add(value) }
    }
    apply(&row.costs[column], event.totalCost)
    apply(&row.total, event.totalCost)
    let unit = event.unit
    if tokens.hasSameBytes(as: unit) {
      apply(&row.tokens, event.quantity)
    } else if emails.hasSameBytes(as: unit) {
      apply(&row.emails, event.quantity)
    } else if requests.hasSameBytes(as: unit), event.service.starts(with: s3Prefix) {
      apply(&row.s3Operations, event.quantity)
    } else if megabytes.hasSameBytes(as: unit) {
      apply(&row.storageMB, event.quantity)
    } else if gigabytes.hasSameBytes(as: unit) {
      apply(&row.storageMB, FixedDecimal(units: event.quantity.units * 1024))
    } else if gigabyteSeconds.hasSameBytes(as: unit) {
      apply(&row.lambdaSeconds, event.quantity)
    }
    row.eventCount += removing ? -1 : 1
  }

  /// Adds another partial snapshot over different events.
  public mutating func merge(_ other: UserCostsSnapshot) {
    for (user, row) in other.rows { rows[user, default: Row()].add(row) }
    total.add(other.total)
    unattributedTotal.add(other.unattributedTotal)
  }
}
