import Foundation

/// A report's rows by key, split by key hash into a fixed number of partitions, so that two
/// tables merge partition by partition on all cores.
///
/// Merging the two cores' partial reports was the largest serial step after aggregation: with
/// one dictionary each, 0.74 s for 395 k rows (5 M events, 16 files, `costroll-bench --events
/// 5000000 --files 16`; timed with temporary marks); with partitions, 0.17 s. (Adding each
/// shard's events as a batch sorted by partition, to keep a partition's rows in the cache, was
/// tried too: aggregating took 3.2 s instead of 1.9 s, so events are added one at a time.)
struct RowTable: Sequence {
  typealias Key = ReportAggregator.RowKey
  typealias Totals = ReportAggregator.Totals

  /// How many partitions (a power of two): 395 k rows make about 6 k per partition.
  static let partitionCount = 64

  private(set) var partitions = [[Key: Totals]](repeating: [:], count: partitionCount)

  var count: Int { partitions.reduce(0) { $0 + $1.count } }

  /// Room for about `count` rows.
  mutating func reserveCapacity(_ count: Int) {
    for index in partitions.indices { partitions[index].reserveCapacity(count / Self.partitionCount + 1) }
  }

  subscript(key: Key) -> Totals? {
    get { partitions[key.partition][key] }
    set { partitions[key.partition][key] = newValue }
  }

  /// Counts `event` in the row `key` (creating it).
  mutating func add(_ event: CostEvent, to key: Key) {
    partitions[key.partition][key, default: Totals()].add(event)
  }

  /// Adds `totals` to the row `key` (creating it).
  mutating func add(_ totals: Totals, to key: Key) {
    partitions[key.partition][key, default: Totals()].add(totals)
  }

  /// Adds every row of `other`: partition by partition on all cores when it is big. A small
  /// table (a shard's conflicting ids, a pipeline's few cells) is added in place, since 64
  /// concurrent tasks would cost more than its rows; 10,000 is a round number, not a measured one.
  mutating func merge(_ other: RowTable) {
    guard other.count >= 10_000 else {
      for (key, totals) in other { add(totals, to: key) }
      return
    }
    let theirs = other.partitions
    partitions.withUnsafeMutableBufferPointer { mine in
      let target = PartitionBuffer(mine)
      DispatchQueue.concurrentPerform(iterations: Self.partitionCount) { partition in
        for (key, totals) in theirs[partition] {
          target.buffer[partition][key, default: Totals()].add(totals)
        }
      }
    }
  }

  func makeIterator() -> FlattenSequence<[[Key: Totals]]>.Iterator { partitions.joined().makeIterator() }
}

/// The partitions lent to concurrent tasks, each of which touches only its own partition.
private struct PartitionBuffer: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<[RowTable.Key: RowTable.Totals]>
  init(_ buffer: UnsafeMutableBufferPointer<[RowTable.Key: RowTable.Totals]>) { self.buffer = buffer }
}
