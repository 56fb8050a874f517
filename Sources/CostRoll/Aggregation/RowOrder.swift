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
  /// key) in sorted order, as (part, row), worked out on all cores: every key is packed into
  /// one buffer, sized by a first pass, each part's rows are sorted on their own, and the sorted
  /// parts merged in pairs. Packing each part into a buffer of its own and then putting them
  /// end to end held every key twice, the peak of a 770 k-row report.
  static func sortedLocations(
    partCounts: [Int], key: @Sendable (_ part: Int, _ row: Int) -> ReportAggregator.RowKey
  ) -> [(part: Int32, row: Int32)] {
    var partStarts = [0]
    for count in partCounts { partStarts.append(partStarts.last! + count) }
    let (bases, total) = (partStarts, partStarts.last!)
    var order = RowOrder()
    // Each key's length at its row's start slot, then the running sum: the key starts.
    order.starts = [Int](repeating: 0, count: total + 1)
    order.starts.withUnsafeMutableBufferPointer { starts in
      let slots = SendableBuffer(starts)
      DispatchQueue.concurrentPerform(iterations: partCounts.count) { part in
        for row in 0..<partCounts[part] {
          let rowKey = key(part, row)
          slots.buffer[bases[part] + row + 1] = packedLength(rowKey.values, bucket: rowKey.bucket)
        }
      }
      for index in 1..<starts.count { starts[index] += starts[index - 1] }
    }
    let starts = order.starts
    order.bytes = [UInt8](unsafeUninitializedCapacity: starts[total]) { buffer, initialized in
      // No storage means every key is empty: nothing to pack.
      guard buffer.baseAddress != nil else { return }
      let bytes = SendableBuffer(buffer)
      DispatchQueue.concurrentPerform(iterations: partCounts.count) { part in
        for row in 0..<partCounts[part] {
          let rowKey = key(part, row)
          pack(rowKey.values, bucket: rowKey.bucket, into: bytes.buffer.baseAddress! + starts[bases[part] + row])
        }
      }
      initialized = starts[total]
    }
    let packed = order
    let runs = ParallelWork.map(count: partCounts.count) { part in
      packed.sortedEntries(bases[part]..<bases[part + 1], part: part)
    }
    return packed.merging(runs).map { ($0.part, $0.index - Int32(bases[Int($0.part)])) }
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

  /// The row indices in sorted order, given `runs` that each list some rows in sorted order
  /// and together list every row once: the runs are merged in pairs, the pairs of each round
  /// on all cores. With each partition's rows sorted on its own core first, a 770 k-row report
  /// (1 M events by 300 k users) took 3.06 s instead of 3.14 s (mean of 4 alternating runs).
  func merging(_ runs: [[Int]]) -> [Int] {
    let order = self
    let entryRuns = ParallelWork.map(count: runs.count) { run in
      order.withKeys { base, starts in runs[run].map { Self.entry($0, keys: base, starts: starts) } }
    }
    return merging(entryRuns).map { Int($0.index) }
  }

  /// Sorted runs of entries merged in pairs, the pairs of each round on all cores.
  private func merging(_ runs: [[Entry]]) -> [Entry] {
    var runs = runs.filter { !$0.isEmpty }
    guard !runs.isEmpty else { return [] }
    let order = self
    while runs.count > 1 {
      let round = runs
      runs = []
      runs = ParallelWork.map(count: (round.count + 1) / 2) { pair -> [Entry] in
        guard 2 * pair + 1 < round.count else { return round[2 * pair] }
        return order.merge(round[2 * pair], round[2 * pair + 1])
      }
    }
    return runs[0]
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

/// A buffer lent to concurrent tasks that each write only their own slots.
private struct SendableBuffer<Element>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Element>
  init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
