import Foundation

/// A report's rows by key, split by key hash into a fixed number of partitions, so that two
/// tables merge partition by partition on all cores.
///
/// Merging the cores' partial reports is the largest serial step after aggregation; with one
/// dictionary per core it took 0.74 s for 395 k rows against 0.17 s with partitions.
struct RowTable: Sequence {
  typealias Key = ReportAggregator.RowKey
  typealias Totals = ReportAggregator.Totals

  /// How many partitions (a power of two): 395 k rows make about 6 k per partition.
  static let partitionCount = 64

  private(set) var partitions = [RowPartition](repeating: RowPartition(), count: partitionCount)

  /// The partition of a key whose `RowHash` is `hash` (its low bits; a partition's index uses
  /// the bits above them).
  @inline(__always)
  static func partition(of hash: Int) -> Int { hash & (partitionCount - 1) }

  var count: Int { partitions.reduce(0) { $0 + $1.count } }

  /// Room for about `count` rows.
  mutating func reserveCapacity(_ count: Int) {
    for index in partitions.indices { partitions[index].reserveCapacity(count / Self.partitionCount + 1) }
  }

  subscript(key: Key) -> Totals? {
    get { partitions[key.partition][key] }
    set { partitions[key.partition][key] = newValue }
  }

  /// Counts `event` in the row whose key has `hash` (`RowHash`) and satisfies `matches`; a new
  /// row gets the key `makeKey()`.
  @inline(__always)
  mutating func add(_ event: DecodedEvent, hash: Int, matches: (Key) -> Bool, makeKey: () -> Key) {
    partitions[Self.partition(of: hash)].add(event, hash: hash, matches: matches, makeKey: makeKey)
  }

  /// Starts fetching where the row of a key with `hash` is looked for first (see
  /// `ReportAggregator.add(_:)` for a batch).
  @inline(__always)
  func prefetchSlot(hash: Int) { partitions[Self.partition(of: hash)].prefetchSlot(hash: hash) }

  /// Starts fetching the row that slot names, once the slot has come.
  @inline(__always)
  func prefetchRow(hash: Int) { partitions[Self.partition(of: hash)].prefetchRow(hash: hash) }

  /// Adds `totals` to the row `key` (creating it).
  mutating func add(_ totals: Totals, to key: Key) {
    partitions[key.partition].add(totals, to: key)
  }

  /// Adds every row of `other` (see `merge(draining:)`).
  mutating func merge(_ other: RowTable) {
    var theirs = other
    merge(draining: &theirs)
  }

  /// Adds every row of `other` and empties it: partition by partition on all cores when it is
  /// big, each of its partitions freed once added, so that the two tables are never both
  /// whole. A small table (a shard's conflicting ids, a pipeline's few cells) is added in
  /// place, since 64 concurrent tasks would cost more than its rows; 10,000 is a round number,
  /// not a measured one.
  mutating func merge(draining other: inout RowTable) {
    guard other.count >= 10_000 else {
      for (key, totals) in other { add(totals, to: key) }
      other = RowTable()
      return
    }
    partitions.withUnsafeMutableBufferPointer { mine in
      other.partitions.withUnsafeMutableBufferPointer { theirs in
        let (target, source) = (PartitionBuffer(mine), PartitionBuffer(theirs))
        DispatchQueue.concurrentPerform(iterations: Self.partitionCount) { partition in
          for (key, totals) in source.buffer[partition].entries { target.buffer[partition].add(totals, to: key) }
          source.buffer[partition] = RowPartition()
        }
      }
    }
  }

  func makeIterator() -> Iterator { Iterator(partitions: partitions) }

  /// The live rows, partition by partition.
  struct Iterator: IteratorProtocol {
    let partitions: [RowPartition]
    var partition = 0
    var row = 0

    mutating func next() -> (key: Key, value: Totals)? {
      // Each access goes through `partitions[partition]` rather than a local copy of the
      // partition, which would retain its arrays once per row.
      while partition < partitions.count {
        while row < partitions[partition].rows.count {
          let current = row
          row += 1
          if !partitions[partition].isRemoved(current) { return partitions[partition].rows[current] }
        }
        partition += 1
        row = 0
      }
      return nil
    }
  }
}

/// The partitions lent to concurrent tasks, each of which touches only its own partition.
private struct PartitionBuffer: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<RowPartition>
  init(_ buffer: UnsafeMutableBufferPointer<RowPartition>) { self.buffer = buffer }
}
