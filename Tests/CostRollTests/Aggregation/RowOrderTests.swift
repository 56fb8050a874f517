import CostRollGenerator
import Testing

@testable import CostRoll

@Suite struct RowOrderTests {
  /// Packed keys sort exactly like comparing the key values one by one, then the bucket: texts
  /// with NUL bytes and shared prefixes, UUIDs with the top bit set, nulls, negative buckets.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func packedOrderEqualsValueOrder(seed: UInt64) {
    var random = SeededRandom(seed: seed)
    let alphabet: [UInt8] = [0, 1, 0x41, 0x61, 0xFF]
    func text() -> KeyValue {
      if random.chance(0.1) { return .null }
      return .text(
        ByteString((0..<Int.random(in: 0...3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
    }
    func uuid() -> KeyValue {
      random.chance(0.1) ? .null : .uuid(UUIDValue(bits: UInt128(Int.random(in: 0...3, using: &random)) << 126 | 7))
    }
    var rows: [(values: [KeyValue], bucket: Bucket)] = []
    for _ in 0..<2000 {
      let bucket = Bucket(
        localStart: Int64.random(in: -3...3, using: &random) * 3600,
        offsetSeconds: Int32.random(in: -1...1, using: &random) * 3600)
      rows.append(([uuid(), text(), text()], bucket))
    }
    // All rows packed at once; and in parts (empty ones too), each part sorted on its own and
    // the parts' runs merged.
    let parts = [0..<700, 700..<701, 701..<701, 701..<1500, 1500..<2000]
    var order = RowOrder()
    for row in rows { order.append(row.values, bucket: row.bucket) }
    var runs: [[Int]] = []
    for part in parts {
      var partOrder = RowOrder()
      for row in rows[part] { partOrder.append(row.values, bucket: row.bucket) }
      runs.append(partOrder.sortedIndices().map { part.lowerBound + $0 })
    }
    let expected = rows.sorted { lhs, rhs in
      for (a, b) in zip(lhs.values, rhs.values) where a != b { return a < b }
      return lhs.bucket < rhs.bucket
    }
    // Packed into one buffer and merged by part, as a report sorts its partitions.
    let keys = parts.map { part in rows[part].map { ReportAggregator.RowKey(values: $0.values, bucket: $0.bucket) } }
    let located = RowOrder.sortedLocations(partCounts: keys.map(\.count)) { keys[$0][$1] }
      .map { parts[Int($0.part)].lowerBound + Int($0.row) }
    for sorted in [order.sortedIndices(), order.merging(runs), located] {
      #expect(Set(sorted) == Set(rows.indices))
      let packed = sorted.map { rows[$0] }
      #expect(packed.map(\.values) == expected.map(\.values))
      #expect(packed.map(\.bucket) == expected.map(\.bucket))
    }
  }

  /// A report without keys or buckets has one row whose key is empty: no key bytes at all.
  @Test func emptyKeysKeepEveryRow() {
    var order = RowOrder()
    for _ in 0..<3 { order.append([], bucket: nil) }
    #expect(order.sortedIndices().sorted() == [0, 1, 2])
    #expect(order.merging([[0, 2], [1]]).sorted() == [0, 1, 2])
    let located = RowOrder.sortedLocations(partCounts: [0, 1, 0]) { _, _ in
      ReportAggregator.RowKey(values: [], bucket: nil)
    }
    #expect(located.map(\.part) == [1] && located.map(\.row) == [0])
  }
}
