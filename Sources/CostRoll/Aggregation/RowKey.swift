extension ReportAggregator {
  /// A report row's identity: its key values and bucket.
  ///
  /// The first two key values (every report by up to two keys) are kept inline rather than in
  /// an array of their own, which saves the array's allocation and header per row.
  ///
  /// The hash is computed once, when the key is made: it also picks the key's `RowTable`
  /// partition, and growing or merging tables then rehashes without reading the values.
  struct RowKey: Hashable {
    private let first: KeyValue
    private let keyCount: UInt8
    private let second: KeyValue
    let bucket: Bucket?
    /// The `RowHash` of the values and bucket.
    let rowHash: Int
    /// Values after the second (none for most reports).
    private let more: [KeyValue]

    init(values: [KeyValue], bucket: Bucket?) {
      var hash = RowHash()
      for value in values { hash.combine(value) }
      hash.combine(bucket)
      self.init(values: values, bucket: bucket, rowHash: hash.finalize())
    }

    /// A key whose hash the caller computed from the same values and bucket.
    init(values: [KeyValue], bucket: Bucket?, rowHash: Int) {
      precondition(values.count <= Int(UInt8.max), "a report has at most \(GroupKey.allCases.count) keys")
      first = values.first ?? .null
      second = values.count > 1 ? values[1] : .null
      more = values.count > 2 ? Array(values[2...]) : []
      keyCount = UInt8(values.count)
      self.bucket = bucket
      self.rowHash = rowHash
    }

    /// Key value number `index` (in column order).
    @inline(__always)
    func value(at index: Int) -> KeyValue {
      switch index {
      case 0: first
      case 1: second
      default: more[index - 2]
      }
    }

    /// `body`'s result for key value number `index`, which it gets borrowed rather than copied:
    /// writing a report, a copy per cell retained the value's text, and with both cores
    /// spelling rows that share a few labels, those reference counts bounced between them.
    @inline(__always)
    func withValue<Result>(at index: Int, _ body: (KeyValue) -> Result) -> Result {
      switch index {
      case 0: body(first)
      case 1: body(second)
      default: more.withUnsafeBufferPointer { body($0[index - 2]) }
      }
    }

    /// The key values, in column order.
    var values: Values { Values(key: self) }

    /// The key values as a collection.
    struct Values: RandomAccessCollection {
      let key: RowKey
      var startIndex: Int { 0 }
      var endIndex: Int { Int(key.keyCount) }
      subscript(position: Int) -> KeyValue { key.value(at: position) }
    }

    /// The key's partition in a `RowTable`.
    var partition: Int { RowTable.partition(of: rowHash) }

    func hash(into hasher: inout Hasher) { hasher.combine(rowHash) }

    static func == (lhs: RowKey, rhs: RowKey) -> Bool {
      lhs.rowHash == rhs.rowHash && lhs.bucket == rhs.bucket && lhs.keyCount == rhs.keyCount
        && lhs.first == rhs.first && lhs.second == rhs.second && lhs.more == rhs.more
    }
  }
}
