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
    // All rows packed at once; and in parts (13, a number of merge leaves that is not a power
    // of two, some of them empty), each part sorted on its own and the parts merged, as a
    // report sorts its partitions.
    var order = RowOrder()
    for row in rows { order.append(row.values, bucket: row.bucket) }
    let cuts = [0, 2000] + (0..<12).map { _ in Int.random(in: 0...2000, using: &random) }
    let bounds = cuts.sorted()
    let parts = (0..<13).map { bounds[$0]..<bounds[$0 + 1] }
    let expected = rows.sorted { lhs, rhs in
      for (a, b) in zip(lhs.values, rhs.values) where a != b { return a < b }
      return lhs.bucket < rhs.bucket
    }
    let keys = parts.map { part in rows[part].map { ReportAggregator.RowKey(values: $0.values, bucket: $0.bucket) } }
    let located = RowOrder.sortedLocations(partCounts: keys.map(\.count)) { keys[$0][$1] }
      .map { parts[Int($0.part)].lowerBound + Int($0.row) }
    for sorted in [order.sortedIndices(), located] {
      #expect(sorted.count == rows.count && Set(sorted) == Set(rows.indices))
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
    let located = RowOrder.sortedLocations(partCounts: [0, 1, 0]) { _, _ in
      ReportAggregator.RowKey(values: [], bucket: nil)
    }
    #expect(located.map(\.part) == [1] && located.map(\.row) == [0])
    // Empty keys in several parts: every row once, equal keys by part.
    let several = RowOrder.sortedLocations(partCounts: [2, 0, 1]) { _, _ in
      ReportAggregator.RowKey(values: [], bucket: nil)
    }
    #expect(several.map(\.part) == [0, 0, 2] && several.map(\.row).sorted() == [0, 0, 1])
  }
}
