/// Builds the app's `user_costs` table: one row per user, sorted by `user_id`.
///
/// Null-user events get no row unless `assignUnattributedTo` names a user, as the app's
/// migration did; `unattributedTotal` sums them either way.
public struct UserCostsSnapshot: CostAggregate {
  /// The per-category cost columns, in table order; unknown categories count as `other`.
  public static let categoryColumns = [
    "ai_text", "ai_image", "ai_tts", "lambda_execution", "s3_operations", "s3_storage", "email", "sqs", "other",
  ]

  private struct Row {
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
  private var rows: [UUIDValue: Row] = [:]
  /// All events' total.
  public private(set) var total = DecimalSum()
  /// The total of events with a null `user_id`.
  public private(set) var unattributedTotal = DecimalSum()

  public init(categories: CategoryRules, assignUnattributedTo: UUIDValue?) {
    self.categories = categories
    self.assignUnattributedTo = assignUnattributedTo
  }

  private static let tokens = ByteString("tokens")
  private static let emails = ByteString("emails")
  private static let requests = ByteString("requests")
  private static let megabytes = ByteString("mb")
  private static let gigabytes = ByteString("gb")
  private static let gigabyteSeconds = ByteString("gb_seconds")
  private static let s3Prefix = ByteString("s3_")

  /// Adds one kept event.
  public mutating func add(_ event: CostEvent) {
    total.add(event.totalCost)
    if event.userID == nil { unattributedTotal.add(event.totalCost) }
    guard let user = event.userID ?? assignUnattributedTo else { return }
    let column: Int
    if let cached = columnByService[event.service] {
      column = cached
    } else {
      let category = categories.category(of: event.service)
      column = Self.categoryColumns.firstIndex(of: category) ?? Self.categoryColumns.count - 1
      columnByService[event.service] = column
    }
    var row = rows.removeValue(forKey: user) ?? Row()
    row.costs[column].add(event.totalCost)
    row.total.add(event.totalCost)
    switch event.unit {
    case Self.tokens: row.tokens.add(event.quantity)
    case Self.emails: row.emails.add(event.quantity)
    case Self.requests where event.service.hasPrefix(Self.s3Prefix): row.s3Operations.add(event.quantity)
    case Self.megabytes: row.storageMB.add(event.quantity)
    case Self.gigabytes: row.storageMB.add(FixedDecimal(units: event.quantity.units * 1024))
    case Self.gigabyteSeconds: row.lambdaSeconds.add(event.quantity)
    default: break
    }
    row.eventCount += 1
    row.first = min(row.first ?? event.timestamp, event.timestamp)
    row.last = max(row.last ?? event.timestamp, event.timestamp)
    rows[user] = row
  }

  /// Adds another partial snapshot over different events.
  public mutating func merge(_ other: UserCostsSnapshot) {
    for (user, row) in other.rows { rows[user, default: Row()].add(row) }
    total.add(other.total)
    unattributedTotal.add(other.unattributedTotal)
  }

  /// The snapshot table; `calculatedAt` fills `cost_calculated_at`.
  public func table(calculatedAt: Instant) -> Table {
    var columns = [Table.Column("user_id", .key)]
    columns += Self.categoryColumns.map { Table.Column($0 + "_cost_usd", .decimal) }
    columns += [
      "total_cost_usd", "total_tokens", "total_emails_sent", "total_s3_operations", "storage_mb",
      "lambda_duration_seconds",
    ].map { Table.Column($0, .decimal) }
    columns += [
      Table.Column("event_count", .count), Table.Column("first_event_at", .text), Table.Column("last_event_at", .text),
      Table.Column("cost_calculated_at", .text),
    ]
    let calculated = calculatedAt.description
    let rows = rows.sorted { $0.key < $1.key }.map { user, row -> [Table.Cell] in
      var cells: [Table.Cell] = [user.description]
      cells += row.costs.map(\.description)
      cells += [row.total, row.tokens, row.emails, row.s3Operations, row.storageMB, row.lambdaSeconds].map(
        \.description)
      cells += [String(row.eventCount), row.first?.description, row.last?.description, calculated]
      return cells
    }
    return Table(columns: columns, rows: rows)
  }
}
