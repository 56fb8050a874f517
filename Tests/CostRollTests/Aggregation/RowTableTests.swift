import Testing

@testable import CostRoll

@Suite struct RowTableTests {
  typealias Key = ReportAggregator.RowKey
  typealias Totals = ReportAggregator.Totals

  func key(_ index: Int) -> Key {
    Key(
      values: [.text(ByteString("user-\(index % 15_001)")), .null],
      bucket: Bucket(localStart: Int64(index % 2), offsetSeconds: 0))
  }

  func totals(_ index: Int) -> Totals {
    var quantity = DecimalSum()
    quantity.add(FixedDecimal(units: Int128(index)))
    var cost = DecimalSum()
    cost.add(FixedDecimal(units: Int128(index * 7 + 1)))
    return Totals(eventCount: 1, quantity: quantity, cost: cost)
  }

  /// The rows of `table` as a plain dictionary.
  func plain(_ table: RowTable) -> [Key: Totals] {
    Dictionary(
      table.map { ($0.key, $0.value) },
      uniquingKeysWith: { _, _ in
        Issue.record("a key twice")
        return Totals()
      })
  }

  @Test func mergingBigAndSmallTablesEqualsAddingEveryRowToOne() {
    // 30 k distinct keys: big enough for the partition-parallel merge, with keys in common.
    var reference: [Key: Totals] = [:]
    var left = RowTable()
    var right = RowTable()
    var small = RowTable()
    for index in 0..<45_000 {
      let (key, value) = (key(index), totals(index))
      reference[key, default: Totals()].add(value)
      if index < 100 {
        small.add(value, to: key)
      } else if index % 2 == 0 {
        left.add(value, to: key)
      } else {
        right.add(value, to: key)
      }
    }
    #expect(right.count >= 10_000)
    left.merge(right)
    left.merge(small)
    #expect(left.count == reference.count)
    #expect(plain(left) == reference)
    // Keys spread over the partitions.
    #expect(Set(reference.keys.map(\.partition)).count == RowTable.partitionCount)
  }

  @Test func subscriptReadsWritesAndRemovesRows() {
    var table = RowTable()
    table.reserveCapacity(100)
    #expect(table.count == 0 && table[key(1)] == nil)
    table[key(1)] = totals(1)
    table.add(totals(2), to: key(1))
    var expected = totals(1)
    expected.add(totals(2))
    #expect(table[key(1)] == expected && table.count == 1)
    table[key(1)] = nil
    #expect(table[key(1)] == nil && table.count == 0)
  }

  @Test func aRemovedRowComesBackEmptyAndIsSkippedUntilThen() {
    var table = RowTable()
    for index in 0..<1_000 { table.add(totals(index), to: key(index)) }
    table[key(7)] = nil
    table[key(7)] = nil
    #expect(table.count == 999 && !plain(table).keys.contains(key(7)) && table[key(7)] == nil)
    table.add(totals(3), to: key(7))
    #expect(table[key(7)] == totals(3) && table.count == 1_000)
    var copy = RowTable()
    copy.merge(table)
    #expect(plain(copy) == plain(table))
  }
}
