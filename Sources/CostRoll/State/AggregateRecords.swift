/// The byte forms in which the state store keeps a pipeline's partial aggregates between runs:
/// report cells (key values and grain bucket → event count, quantity, cost) and `user_costs`
/// rows. Little-endian, versioned by the pipeline's aggregate fingerprints (a change of format
/// is a new fingerprint, which rebuilds the aggregates from the kept events).
enum AggregateRecords {
  // MARK: - Report cells

  /// A cell's key: per key value a tag (0 null, 1 UUID + 16 bytes, 2 text + `UInt32` length +
  /// bytes), then 0, or 1 + the bucket's `Int64` local start and `Int32` offset.
  static func key(_ key: ReportAggregator.RowKey) -> [UInt8] {
    var out: [UInt8] = []
    for value in key.values {
      switch value {
      case .null: out.append(0)
      case .uuid(let uuid):
        out.append(1)
        append(uuid.bits.littleEndian, to: &out)
      case .text(let text):
        out.append(2)
        append(UInt32(text.bytes.count).littleEndian, to: &out)
        out += text.bytes
      }
    }
    if let bucket = key.bucket {
      out.append(1)
      append(bucket.localStart.littleEndian, to: &out)
      append(bucket.offsetSeconds.littleEndian, to: &out)
    } else {
      out.append(0)
    }
    return out
  }

  /// The key stored as `key(_:)` for `count` key columns; `labels` shares text storage.
  static func key(from bytes: [UInt8], count: Int, labels: inout LabelInterner) -> ReportAggregator.RowKey {
    bytes.withUnsafeBytes { raw in key(from: raw, count: count, labels: &labels) }
  }

  /// The key stored as `key(_:)` in `raw`.
  static func key(from raw: UnsafeRawBufferPointer, count: Int, labels: inout LabelInterner) -> ReportAggregator.RowKey
  {
    do {
      var offset = 0
      var values: [KeyValue] = []
      for _ in 0..<count {
        let tag = raw[offset]
        offset += 1
        switch tag {
        case 1: values.append(.uuid(UUIDValue(bits: UInt128(littleEndian: load(raw, &offset)))))
        case 2:
          let length = Int(UInt32(littleEndian: load(raw, &offset)))
          let start = raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
          values.append(.text(labels.intern(UnsafeBufferPointer(start: start, count: length))))
          offset += length
        default: values.append(.null)
        }
      }
      guard raw[offset] == 1 else { return ReportAggregator.RowKey(values: values, bucket: nil) }
      offset += 1
      let start = Int64(littleEndian: load(raw, &offset))
      let zoneOffset = Int32(littleEndian: load(raw, &offset))
      return ReportAggregator.RowKey(values: values, bucket: Bucket(localStart: start, offsetSeconds: zoneOffset))
    }
  }

  /// Event count (`Int64`), quantity and cost (24 bytes each).
  static func totals(_ totals: ReportAggregator.Totals) -> [UInt8] {
    var out: [UInt8] = []
    append(Int64(totals.eventCount).littleEndian, to: &out)
    return out + totals.quantity.bytes + totals.cost.bytes
  }

  static func totals(from raw: UnsafeRawBufferPointer) -> ReportAggregator.Totals {
    var offset = 0
    let count = Int(Int64(littleEndian: load(raw, &offset)))
    return ReportAggregator.Totals(
      eventCount: count, quantity: DecimalSum(bytes: raw, at: 8), cost: DecimalSum(bytes: raw, at: 32))
  }

  // MARK: - Snapshot rows

  static func user(_ user: UUIDValue) -> [UInt8] {
    var out: [UInt8] = []
    append(user.bits.littleEndian, to: &out)
    return out
  }

  static func user(from raw: UnsafeRawBufferPointer) -> UUIDValue {
    var offset = 0
    return UUIDValue(bits: UInt128(littleEndian: load(raw, &offset)))
  }

  /// The 9 category costs, then total, tokens, emails, S3 operations, storage and Lambda
  /// seconds (24 bytes each), the event count (`Int64`), then `first` and `last` (a flag, then
  /// `Int64` seconds and `Int32` nanoseconds).
  static func row(_ row: UserCostsSnapshot.Row) -> [UInt8] {
    var out: [UInt8] = []
    for sum in row.costs + [row.total, row.tokens, row.emails, row.s3Operations, row.storageMB, row.lambdaSeconds] {
      out += sum.bytes
    }
    append(Int64(row.eventCount).littleEndian, to: &out)
    for instant in [row.first, row.last] {
      out.append(instant == nil ? 0 : 1)
      append((instant?.seconds ?? 0).littleEndian, to: &out)
      append((instant?.nanoseconds ?? 0).littleEndian, to: &out)
    }
    return out
  }

  static func row(from raw: UnsafeRawBufferPointer) -> UserCostsSnapshot.Row {
    do {
      var row = UserCostsSnapshot.Row()
      var offset = 0
      func sum() -> DecimalSum {
        defer { offset += 24 }
        return DecimalSum(bytes: raw, at: offset)
      }
      for index in row.costs.indices { row.costs[index] = sum() }
      row.total = sum()
      row.tokens = sum()
      row.emails = sum()
      row.s3Operations = sum()
      row.storageMB = sum()
      row.lambdaSeconds = sum()
      row.eventCount = Int(Int64(littleEndian: load(raw, &offset)))
      var instants: [Instant?] = []
      for _ in 0..<2 {
        let present = raw[offset] == 1
        offset += 1
        let seconds = Int64(littleEndian: load(raw, &offset))
        let nanoseconds = Int32(littleEndian: load(raw, &offset))
        instants.append(present ? Instant(seconds: seconds, nanoseconds: nanoseconds) : nil)
      }
      row.first = instants[0]
      row.last = instants[1]
      return row
    }
  }

  // MARK: - Bytes

  private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value) { out += $0 }
  }

  private static func load<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, _ offset: inout Int) -> T {
    defer { offset += MemoryLayout<T>.size }
    return raw.loadUnaligned(fromByteOffset: offset, as: T.self)
  }
}
