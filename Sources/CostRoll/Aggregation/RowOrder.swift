import Foundation

/// Sorts report rows by their key values (byte-wise, null first), then bucket start, by packing
/// each row's sort key into one byte buffer whose `memcmp` order is the row order.
///
/// Sorting the rows' `[KeyValue]` arrays directly retained and released every array and string
/// per comparison: 0.61 s for the 1 M-event benchmark's rows; packed keys take a fraction of
/// that (README benchmark, stage "sort rows into the table").
struct RowOrder {
  private var bytes: [UInt8] = []
  private var starts: [Int] = [0]

  /// Appends the next row's key. Within a column every row must have the same kind of value
  /// (a column is UUIDs and nulls, or text and nulls), as report columns do.
  mutating func append(_ values: some Collection<KeyValue>, bucket: Bucket?) {
    for value in values {
      switch value {
      case .null:
        bytes.append(0)
      case .uuid(let uuid):
        bytes.append(1)
        withUnsafeBytes(of: uuid.bits.bigEndian) { bytes.append(contentsOf: $0) }
      case .text(let text):
        // 0x00 inside the text becomes 0x00 0xFF and the text ends with 0x00 0x00, so a prefix
        // sorts first and no text's key runs into the next column's.
        bytes.append(1)
        for byte in text.bytes {
          bytes.append(byte)
          if byte == 0 { bytes.append(0xFF) }
        }
        bytes.append(contentsOf: [0, 0])
      }
    }
    if let bucket {
      // Sign bit flipped: big-endian bytes of a two's-complement number sort like unsigned.
      let start = UInt64(bitPattern: bucket.startInstant) ^ (1 << 63)
      let offset = UInt32(bitPattern: bucket.offsetSeconds) ^ (1 << 31)
      withUnsafeBytes(of: start.bigEndian) { bytes.append(contentsOf: $0) }
      withUnsafeBytes(of: offset.bigEndian) { bytes.append(contentsOf: $0) }
    }
    starts.append(bytes.count)
  }

  /// Appends every row of `other`, after the rows already here.
  mutating func append(contentsOf other: RowOrder) {
    let base = bytes.count
    bytes += other.bytes
    starts.reserveCapacity(starts.count + other.starts.count - 1)
    for start in other.starts.dropFirst() { starts.append(start + base) }
  }

  /// A row with the first 16 bytes of its packed key as two big-endian words (zero-padded), so
  /// that most comparisons are two integer comparisons on the entry itself rather than a
  /// `memcmp` through two lookups; equal words fall back to the whole keys.
  private struct Entry {
    var high: UInt64
    var low: UInt64
    var row: Int
  }

  /// Row `row`'s entry.
  @inline(__always)
  private static func entry(_ row: Int, keys base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int>) -> Entry {
    var words: (UInt64, UInt64) = (0, 0)
    let count = min(16, starts[row + 1] - starts[row])
    withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base + starts[row], byteCount: count) }
    return Entry(high: UInt64(bigEndian: words.0), low: UInt64(bigEndian: words.1), row: row)
  }

  /// Whether `lhs` sorts before `rhs`.
  @inline(__always)
  private static func precedes(
    _ lhs: Entry, _ rhs: Entry, keys base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int>
  ) -> Bool {
    if lhs.high != rhs.high { return lhs.high < rhs.high }
    if lhs.low != rhs.low { return lhs.low < rhs.low }
    return precedes(lhs.row, rhs.row, keys: base, starts: starts)
  }

  /// Calls `body` with the packed keys and their starts (`nil` when there are no keys).
  private func withKeys<Result>(
    _ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<Int>) -> Result
  ) -> Result? {
    bytes.withUnsafeBufferPointer { buffer in
      starts.withUnsafeBufferPointer { starts in buffer.baseAddress.map { body($0, starts) } }
    }
  }

  /// The row indices in sorted order.
  func sortedIndices() -> [Int] {
    withKeys { base, starts in
      var entries = (0..<(starts.count - 1)).map { Self.entry($0, keys: base, starts: starts) }
      entries.sort { Self.precedes($0, $1, keys: base, starts: starts) }
      return entries.map(\.row)
    } ?? Array(0..<(starts.count - 1))
  }

  /// The row indices in sorted order, given `runs` that each list some rows in sorted order
  /// and together list every row once: the runs are merged in pairs, the pairs of each round
  /// on all cores. With each partition's rows sorted on its own core first, a 770 k-row report
  /// (1 M events by 300 k users) took 3.06 s instead of 3.14 s (mean of 4 alternating runs).
  func merging(_ runs: [[Int]]) -> [Int] {
    let nonEmpty = runs.filter { !$0.isEmpty }
    guard !nonEmpty.isEmpty else { return [] }
    let order = self
    var entryRuns = ParallelWork.map(count: nonEmpty.count) { run in
      order.withKeys { base, starts in nonEmpty[run].map { Self.entry($0, keys: base, starts: starts) } } ?? []
    }
    while entryRuns.count > 1 {
      let round = entryRuns
      entryRuns = ParallelWork.map(count: (round.count + 1) / 2) { pair -> [Entry] in
        guard 2 * pair + 1 < round.count else { return round[2 * pair] }
        return order.merge(round[2 * pair], round[2 * pair + 1])
      }
    }
    return entryRuns[0].map(\.row)
  }

  /// Two sorted runs as one.
  private func merge(_ left: [Entry], _ right: [Entry]) -> [Entry] {
    var merged: [Entry] = []
    merged.reserveCapacity(left.count + right.count)
    var (l, r) = (0, 0)
    withKeys { base, starts in
      while l < left.count && r < right.count {
        if Self.precedes(right[r], left[l], keys: base, starts: starts) {
          merged.append(right[r])
          r += 1
        } else {
          merged.append(left[l])
          l += 1
        }
      }
    }
    merged += left[l...]
    merged += right[r...]
    return merged
  }

  /// Whether row `lhs`'s packed key sorts before row `rhs`'s (`memcmp`, then length).
  @inline(__always)
  private static func precedes(
    _ lhs: Int, _ rhs: Int, keys base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int>
  ) -> Bool {
    let lhsCount = starts[lhs + 1] - starts[lhs]
    let rhsCount = starts[rhs + 1] - starts[rhs]
    let order = memcmp(base + starts[lhs], base + starts[rhs], min(lhsCount, rhsCount))
    return order != 0 ? order < 0 : lhsCount < rhsCount
  }
}
