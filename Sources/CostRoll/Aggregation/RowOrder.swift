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

  /// The row indices in sorted order.
  func sortedIndices() -> [Int] {
    var indices = Array(0..<(starts.count - 1))
    bytes.withUnsafeBufferPointer { buffer in
      starts.withUnsafeBufferPointer { starts in
        guard let base = buffer.baseAddress else { return }
        indices.sort { Self.precedes($0, $1, keys: base, starts: starts) }
      }
    }
    return indices
  }

  /// The row indices in sorted order, given `runs` that each list some rows in sorted order
  /// and together list every row once: the runs are merged in pairs, the pairs of each round
  /// on all cores. With each partition's rows sorted on its own core first, a 770 k-row report
  /// (1 M events by 300 k users) took 3.06 s instead of 3.14 s (mean of 4 alternating runs).
  func merging(_ runs: [[Int]]) -> [Int] {
    var runs = runs.filter { !$0.isEmpty }
    guard !runs.isEmpty else { return [] }
    while runs.count > 1 {
      let round = runs
      runs = ParallelWork.map(count: (round.count + 1) / 2) { pair -> [Int] in
        guard 2 * pair + 1 < round.count else { return round[2 * pair] }
        return merge(round[2 * pair], round[2 * pair + 1])
      }
    }
    return runs[0]
  }

  /// Two sorted runs of row indices as one.
  private func merge(_ left: [Int], _ right: [Int]) -> [Int] {
    var merged: [Int] = []
    merged.reserveCapacity(left.count + right.count)
    var (l, r) = (0, 0)
    bytes.withUnsafeBufferPointer { buffer in
      starts.withUnsafeBufferPointer { starts in
        guard let base = buffer.baseAddress else { return }
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
