import Foundation

/// Sorts report rows by their key values (byte-wise, null first), then bucket start, by packing
/// each row's sort key into one byte buffer whose `memcmp` order is the row order.
///
/// Sorting the rows' `[KeyValue]` arrays directly retained and released every array and string
/// per comparison: 0.61 s for the 1 M-event benchmark's rows, several times the packed sort.
struct RowOrder {
  private var bytes: [UInt8] = []
  private var starts: [Int] = [0]

  /// Appends the next row's key. Within a column every row must have the same kind of value
  /// (a column is UUIDs and nulls, or text and nulls), as report columns do.
  mutating func append(_ values: some Collection<KeyValue>, bucket: Bucket?) {
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(0, count: Self.packedLength(values, bucket: bucket)))
    bytes.withUnsafeMutableBufferPointer { Self.pack(values, bucket: bucket, into: $0.baseAddress! + start) }
    starts.append(bytes.count)
  }

  /// The bytes of a row's packed key (see `pack`).
  @inline(__always)
  private static func packedLength(_ values: some Collection<KeyValue>, bucket: Bucket?) -> Int {
    var length = bucket == nil ? 0 : 12
    for value in values {
      switch value {
      case .null: length += 1
      case .uuid: length += 17
      case .text(let text):
        length += 3 + text.bytes.count
        for byte in text.bytes where byte == 0 { length += 1 }
      }
    }
    return length
  }

  /// Spells a row's packed key at `out`, which has room for `packedLength` bytes.
  @inline(__always)
  private static func pack(_ values: some Collection<KeyValue>, bucket: Bucket?, into out: UnsafeMutablePointer<UInt8>)
  {
    var out = out
    func put(_ byte: UInt8) {
      out.pointee = byte
      out += 1
    }
    func put<Word: FixedWidthInteger>(bigEndian word: Word) {
      withUnsafeBytes(of: word.bigEndian) { raw in
        UnsafeMutableRawPointer(out).copyMemory(from: raw.baseAddress!, byteCount: raw.count)
      }
      out += MemoryLayout<Word>.size
    }
    for value in values {
      switch value {
      case .null:
        put(0)
      case .uuid(let uuid):
        put(1)
        put(bigEndian: uuid.bits)
      case .text(let text):
        // 0x00 inside the text becomes 0x00 0xFF and the text ends with 0x00 0x00, so a prefix
        // sorts first and no text's key runs into the next column's.
        put(1)
        for byte in text.bytes {
          put(byte)
          if byte == 0 { put(0xFF) }
        }
        put(0)
        put(0)
      }
    }
    if let bucket {
      // Sign bit flipped: big-endian bytes of a two's-complement number sort like unsigned.
      put(bigEndian: UInt64(bitPattern: bucket.startInstant) ^ (1 << 63))
      put(bigEndian: UInt32(bitPattern: bucket.offsetSeconds) ^ (1 << 31))
    }
  }

  /// The rows of `partCounts.count` parts (a report's partitions; `key(part, row)` gives a row's
  /// key) in sorted order, as (part, row): each part's keys are packed and sorted on their own,
  /// on all cores, keeping only the part's row order, and the sorted parts are then merged by
  /// `SortedRunsMerge`, which packs one key per row again. So the packed keys of every row are
  /// never held at once.
  static func sortedLocations(
    partCounts: [Int], key: @Sendable (_ part: Int, _ row: Int) -> ReportAggregator.RowKey
  ) -> [(part: Int32, row: Int32)] {
    let runs = ParallelWork.map(count: partCounts.count) { part in
      var order = RowOrder()
      order.starts.reserveCapacity(partCounts[part] + 1)
      for row in 0..<partCounts[part] {
        let rowKey = key(part, row)
        order.append(rowKey.values, bucket: rowKey.bucket)
      }
      return order.sortedRun(part: part)
    }
    return SortedRunsMerge.merge(runs)
  }

  /// The rows in sorted order with their keys in that order (`part` only labels the entries).
  private func sortedRun(part: Int) -> SortedRunsMerge.Run {
    let entries = sortedEntries(0..<(starts.count - 1), part: part)
    let run = SortedRunsMerge.Run(rowCount: entries.count, keyBytes: bytes.count)
    withKeys { base, starts in
      var end = 0
      for (position, entry) in entries.enumerated() {
        let row = Int(entry.index)
        let count = starts[row + 1] - starts[row]
        if count > 0 { (run.keys.baseAddress! + end).initialize(from: base + starts[row], count: count) }
        end += count
        run.rows[position] = entry.index
        run.ends[position] = end
      }
    }
    return run
  }

  /// A row with the first 16 bytes of its packed key as two big-endian words (zero-padded), so
  /// that most comparisons are two integer comparisons on the entry itself rather than a
  /// `memcmp` through two lookups; equal words fall back to the whole keys.
  private struct Entry {
    var high: UInt64
    var low: UInt64
    /// The row's index among all rows of this order.
    var index: Int32
    /// The part it was listed in (see `sortedLocations`).
    var part: Int32
  }

  /// Row `row`'s entry.
  @inline(__always)
  private static func entry(
    _ row: Int, part: Int = 0, keys base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int>
  ) -> Entry {
    var words: (UInt64, UInt64) = (0, 0)
    let count = min(16, starts[row + 1] - starts[row])
    withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base + starts[row], byteCount: count) }
    return Entry(
      high: UInt64(bigEndian: words.0), low: UInt64(bigEndian: words.1), index: Int32(row), part: Int32(part))
  }

  /// Whether `lhs` sorts before `rhs`.
  @inline(__always)
  private static func precedes(
    _ lhs: Entry, _ rhs: Entry, keys base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int>
  ) -> Bool {
    if lhs.high != rhs.high { return lhs.high < rhs.high }
    if lhs.low != rhs.low { return lhs.low < rhs.low }
    return precedes(Int(lhs.index), Int(rhs.index), keys: base, starts: starts)
  }

  /// Calls `body` with the packed keys and their starts. Keys that are all empty (a report
  /// without keys or buckets) may have no storage: `body` then gets a pointer it never reads.
  private func withKeys<Result>(_ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<Int>) -> Result) -> Result {
    bytes.withUnsafeBufferPointer { buffer in
      starts.withUnsafeBufferPointer { starts in
        var none: UInt8 = 0
        return withUnsafePointer(to: &none) { body(buffer.baseAddress ?? $0, starts) }
      }
    }
  }

  /// The row indices in sorted order.
  func sortedIndices() -> [Int] {
    sortedEntries(0..<(starts.count - 1), part: 0).map { Int($0.index) }
  }

  /// The entries of rows `rows`, sorted.
  private func sortedEntries(_ rows: Range<Int>, part: Int) -> [Entry] {
    withKeys { base, starts in
      var entries = rows.map { Self.entry($0, part: part, keys: base, starts: starts) }
      entries.sort { Self.precedes($0, $1, keys: base, starts: starts) }
      return entries
    }
  }

  /// Whether row `lhs`'s packed key sorts before row `rhs`'s.
  @inline(__always)
  private static func precedes(
    _ lhs: Int, _ rhs: Int, keys base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int>
  ) -> Bool {
    order(
      base + starts[lhs], count: starts[lhs + 1] - starts[lhs], base + starts[rhs],
      count: starts[rhs + 1] - starts[rhs]) < 0
  }

  /// How the packed key of `lhsCount` bytes at `lhs` sorts against the one at `rhs` (`memcmp`,
  /// then length): negative before, zero equal, positive after.
  @inline(__always)
  static func order(
    _ lhs: UnsafePointer<UInt8>, count lhsCount: Int, _ rhs: UnsafePointer<UInt8>, count rhsCount: Int
  ) -> Int {
    let order = memcmp(lhs, rhs, min(lhsCount, rhsCount))
    return order != 0 ? Int(order) : lhsCount - rhsCount
  }
}
