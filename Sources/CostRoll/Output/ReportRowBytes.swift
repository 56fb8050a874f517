/// Spells report rows straight into CSV and JSON bytes: the same bytes `TableFormat` spells
/// from the rows' `Table` cells (a test holds the two equal), without a `String` per cell.
///
/// Spelling cells as strings and then the strings as bytes was about a third of a 770 k-row
/// report's run.
struct ReportRowBytes {
  private let keyCount: Int
  private let calendar: BucketCalendar?
  /// Whether there is a bucket column (asked per row without copying `calendar`, whose copy
  /// retains its time zone).
  private let bucketed: Bool
  private let withQuantity: Bool
  /// Per column, `{"name":` or `,"name":`, back to back; column `i`'s ends at `jsonPrefixEnds[i]`.
  private var jsonPrefixes: [UInt8] = []
  private var jsonPrefixEnds: [Int] = []
  /// Bucket labels already spelled (few buckets span many rows).
  private var labels: [Bucket: [UInt8]] = [:]

  /// A speller for a report with `keyCount` key columns, a bucket column when `calendar` is
  /// given, and a quantity column when `withQuantity`, named by `columns`.
  init(columns: [Table.Column], keyCount: Int, calendar: BucketCalendar?, withQuantity: Bool) {
    self.keyCount = keyCount
    self.calendar = calendar
    bucketed = calendar != nil
    self.withQuantity = withQuantity
    for (index, column) in columns.enumerated() {
      jsonPrefixes.append(index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
      JSONText.string(column.name.utf8, into: &jsonPrefixes)
      jsonPrefixes.append(UInt8(ascii: ":"))
      jsonPrefixEnds.append(jsonPrefixes.count)
    }
  }

  /// A copy with storage of its own, for one task: the cores spelling chunks side by side then
  /// never write to one reference count.
  func copyForTask() -> ReportRowBytes {
    var copy = self
    // Made from buffers, the arrays get storage of their own.
    copy.jsonPrefixes = jsonPrefixes.withUnsafeBufferPointer { Array($0) }
    copy.jsonPrefixEnds = jsonPrefixEnds.withUnsafeBufferPointer { Array($0) }
    copy.labels = [:]
    return copy
  }

  /// The row as one CSV record, CRLF included.
  mutating func appendCSV(_ key: ReportAggregator.RowKey, _ totals: ReportAggregator.Totals, to out: inout [UInt8]) {
    var cells = 0
    func cell() {
      if cells > 0 { out.append(UInt8(ascii: ",")) }
      cells += 1
    }
    for index in 0..<keyCount {
      cell()
      key.withValue(at: index) { value in
        switch value {
        case .null: break
        case .uuid(let uuid): uuid.appendText(to: &out)
        case .text(let text): text.bytes.withUnsafeBufferPointer { CSVText.appendCell($0, guarded: true, into: &out) }
        }
      }
    }
    if bucketed, let bucket = key.bucket {
      cell()
      label(bucket).withUnsafeBufferPointer { CSVText.appendCell($0, guarded: false, into: &out) }
    }
    cell()
    DecimalText.appendDigits(of: totals.eventCount, to: &out)
    if withQuantity {
      cell()
      totals.quantity.appendText(to: &out)
    }
    cell()
    totals.cost.appendText(to: &out)
    out.append(0x0D)
    out.append(0x0A)
  }

  /// The row as one JSON object (no comma or line end after it).
  mutating func appendJSON(_ key: ReportAggregator.RowKey, _ totals: ReportAggregator.Totals, to out: inout [UInt8]) {
    var column = 0
    let prefixes = jsonPrefixes
    let ends = jsonPrefixEnds
    func member() {
      let start = column == 0 ? 0 : ends[column - 1]
      prefixes.withUnsafeBufferPointer { out.append(contentsOf: $0[start..<ends[column]]) }
      column += 1
    }
    for index in 0..<keyCount {
      member()
      key.withValue(at: index) { value in
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .uuid(let uuid):
          out.append(UInt8(ascii: "\""))
          uuid.appendText(to: &out)
          out.append(UInt8(ascii: "\""))
        case .text(let text): text.bytes.withUnsafeBufferPointer { JSONText.string($0, into: &out) }
        }
      }
    }
    if bucketed, let bucket = key.bucket {
      member()
      JSONText.string(label(bucket), into: &out)
    }
    member()
    DecimalText.appendDigits(of: totals.eventCount, to: &out)
    if withQuantity {
      member()
      out.append(UInt8(ascii: "\""))
      totals.quantity.appendText(to: &out)
      out.append(UInt8(ascii: "\""))
    }
    member()
    out.append(UInt8(ascii: "\""))
    totals.cost.appendText(to: &out)
    out.append(UInt8(ascii: "\""))
    out.append(UInt8(ascii: "}"))
  }

  /// `bucket_start` for `bucket`.
  private mutating func label(_ bucket: Bucket) -> [UInt8] {
    if let known = labels[bucket] { return known }
    let label = Array((calendar?.label(bucket) ?? "").utf8)
    labels[bucket] = label
    return label
  }
}
