/// Merges runs of rows, each sorted on its own (a report's partitions), into one sorted list by
/// a tournament of the runs' current rows (a loser tree): about log₂(runs) comparisons of packed
/// keys (see `RowOrder`) per row, read in order from each run.
///
/// Each run carries its rows' packed keys in sorted order, so that the merge reads memory in
/// order rather than packing each row's key again in key order, out of storage order. Equal
/// keys (which distinct rows of one report never have) go by run number.
struct SortedRunsMerge {
  /// One part's rows in sorted order, with their packed keys back to back in that order.
  final class Run: @unchecked Sendable {
    /// The rows (their indices in the part), in order.
    let rows: UnsafeMutableBufferPointer<Int32>
    /// Where each row's key ends in `keys`.
    let ends: UnsafeMutableBufferPointer<Int>
    let keys: UnsafeMutableBufferPointer<UInt8>

    /// Room for `rowCount` rows whose keys take `keyBytes` bytes, to be filled by the maker.
    init(rowCount: Int, keyBytes: Int) {
      rows = .allocate(capacity: rowCount)
      ends = .allocate(capacity: rowCount)
      keys = .allocate(capacity: keyBytes)
    }

    deinit {
      rows.deallocate()
      ends.deallocate()
      keys.deallocate()
    }
  }

  private let runs: [Run]
  /// Leaves padded to a power of two; padding runs are empty.
  private let width: Int
  /// Per run: the position of its current row, or -1 once it is used up.
  private var positions: [Int]
  /// Per run: its current row's key.
  private var heads: [UnsafeBufferPointer<UInt8>]
  /// `tree[0]` is the run whose current row sorts first; `tree[node]` for `node` in
  /// `1..<width` is the run that lost the game played at that node.
  private var tree: [Int]

  /// The rows of `runs` in sorted order, as (run, row).
  static func merge(_ runs: [Run]) -> [(part: Int32, row: Int32)] {
    var merge = SortedRunsMerge(runs: runs)
    var result: [(part: Int32, row: Int32)] = []
    result.reserveCapacity(runs.reduce(0) { $0 + $1.rows.count })
    merge.tree[0] = merge.play(at: 1)
    while true {
      let winner = merge.tree[0]
      let position = merge.positions[winner]
      guard position >= 0 else { break }
      result.append((Int32(winner), runs[winner].rows[position]))
      merge.move(winner, to: position + 1)
      merge.replay(from: winner)
    }
    return result
  }

  private init(runs: [Run]) {
    self.runs = runs
    var width = 1
    while width < runs.count { width *= 2 }
    self.width = width
    positions = Array(repeating: -1, count: width)
    heads = Array(repeating: UnsafeBufferPointer(start: nil, count: 0), count: width)
    tree = Array(repeating: 0, count: width)
    for run in runs.indices { move(run, to: 0) }
  }

  /// Makes row `position` `run`'s current row, or marks the run used up past its end.
  private mutating func move(_ run: Int, to position: Int) {
    let rows = runs[run]
    guard position < rows.rows.count else {
      positions[run] = -1
      return
    }
    positions[run] = position
    let start = position == 0 ? 0 : rows.ends[position - 1]
    heads[run] = UnsafeBufferPointer(rebasing: rows.keys[start..<rows.ends[position]])
  }

  /// Whether run `lhs`'s current row goes before run `rhs`'s (a used-up run goes last).
  @inline(__always)
  private func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
    guard positions[lhs] >= 0 else { return false }
    guard positions[rhs] >= 0 else { return true }
    let (left, right) = (heads[lhs], heads[rhs])
    // An empty key may have no storage.
    let order =
      if let leftBase = left.baseAddress, let rightBase = right.baseAddress {
        RowOrder.order(leftBase, count: left.count, rightBase, count: right.count)
      } else {
        left.count - right.count
      }
    return order != 0 ? order < 0 : lhs < rhs
  }

  /// Plays the games below `node` at the start; returns the subtree's winner.
  private mutating func play(at node: Int) -> Int {
    guard node < width else { return node - width }
    let left = play(at: 2 * node)
    let right = play(at: 2 * node + 1)
    if precedes(right, left) {
      tree[node] = left
      return right
    }
    tree[node] = right
    return left
  }

  /// Plays `run`'s new current row against the losers on its way up to the root.
  private mutating func replay(from run: Int) {
    var winner = run
    var node = (run + width) / 2
    while node >= 1 {
      if precedes(tree[node], winner) { swap(&tree[node], &winner) }
      node /= 2
    }
    tree[0] = winner
  }
}
