import CMemoryAccess

/// One partition of a `RowTable`: rows in one array, in the order they were made, found through
/// an open-addressing index of their hashes.
///
/// Written for the per-event path (`add(_:hash:matches:makeKey:)`): an event finds its row by a
/// hash computed from its fields and a comparison with them, so no key is built (an array, with
/// a retain per text value) unless the row is new. Swift's `Dictionary` needs a whole key per
/// lookup and hashes it again with `Hasher`.
struct RowPartition {
  typealias Key = ReportAggregator.RowKey
  typealias Totals = ReportAggregator.Totals

  /// Every row made, including removed ones (see `removed`); key and totals side by side, since
  /// the event path reads both.
  private(set) var rows: [(key: Key, value: Totals)] = []
  /// Per row, whether it was set to `nil`: removed rows keep their place, so that indices stay
  /// valid, and are skipped. Only incremental pipelines remove rows, so this stays empty (and
  /// costs nothing) until the first removal.
  private var removed: [Bool] = []
  private var removedCount = 0
  /// Per slot: 0 when empty, else the hash's upper 32 bits and the row index + 1.
  private var slots: [UInt64] = []
  private var slotMask = 0

  /// Rows in the partition (not counting removed ones).
  var count: Int { rows.count - removedCount }

  /// Whether row `index` was removed.
  func isRemoved(_ index: Int) -> Bool { !removed.isEmpty && removed[index] }

  /// Room for `count` rows without growing the index.
  mutating func reserveCapacity(_ count: Int) {
    rows.reserveCapacity(count)
    if count * 8 >= slots.count * 5 { rebuildIndex(minimumRows: count) }
  }

  /// Starts fetching the index slot where the row of a key with `hash` is looked for first.
  @inline(__always)
  func prefetchSlot(hash: Int) {
    guard !slots.isEmpty else { return }
    slots.withUnsafeBufferPointer { costroll_prefetch_for_read($0.baseAddress! + firstSlot(hash)) }
  }

  /// Starts fetching the row that the first slot for `hash` names, when the slot's tag is
  /// `hash`'s (after `prefetchSlot(hash:)`, once that slot has come): the row's key is compared
  /// and its totals written next.
  @inline(__always)
  func prefetchRow(hash: Int) {
    guard !slots.isEmpty else { return }
    let entry = slots.withUnsafeBufferPointer { $0[firstSlot(hash)] }
    guard entry != 0, entry >> 32 == Self.tag(hash) else { return }
    rows.withUnsafeBufferPointer { rows in
      let row = UnsafeRawPointer(rows.baseAddress! + Self.row(of: entry))
      let size = MemoryLayout<(key: Key, value: Totals)>.size
      costroll_prefetch_for_write(row)
      costroll_prefetch_for_write(row + size / 2)
      costroll_prefetch_for_write(row + size - 1)
    }
  }

  /// The index of the row whose key has `hash` and satisfies `matches`, or where to make it.
  @inline(__always)
  private func find(hash: Int, matches: (Key) -> Bool) -> (slot: Int, row: Int?) {
    guard !slots.isEmpty else { return (0, nil) }
    let tag = Self.tag(hash)
    var slot = firstSlot(hash)
    return slots.withUnsafeBufferPointer { slots in
      rows.withUnsafeBufferPointer { rows in
        while true {
          let entry = slots[slot]
          if entry == 0 { return (slot, nil) }
          if entry >> 32 == tag {
            let row = Self.row(of: entry)
            if matches((rows.baseAddress! + row).pointee.key) { return (slot, row) }
          }
          slot = (slot + 1) & slotMask
        }
      }
    }
  }

  /// The row for `hash` and `matches`, made with `makeKey()` and zero totals if new (or removed
  /// before).
  @inline(__always)
  mutating func row(hash: Int, matches: (Key) -> Bool, makeKey: () -> Key) -> Int {
    let (slot, found) = find(hash: hash, matches: matches)
    if let found {
      if !removed.isEmpty && removed[found] {
        removed[found] = false
        removedCount -= 1
        rows[found].value = Totals()
      }
      return found
    }
    let row = rows.count
    rows.append((makeKey(), Totals()))
    if !removed.isEmpty { removed.append(false) }
    if slots.isEmpty || rows.count * 8 >= slots.count * 5 {
      rebuildIndex(minimumRows: rows.count)
    } else {
      slots[slot] = Self.slotEntry(hash: hash, row: row)
    }
    return row
  }

  /// Counts `event` in its row.
  @inline(__always)
  mutating func add(_ event: DecodedEvent, hash: Int, matches: (Key) -> Bool, makeKey: () -> Key) {
    let row = row(hash: hash, matches: matches, makeKey: makeKey)
    rows[row].value.add(event)
  }

  /// Adds `totals` to the row `key`.
  mutating func add(_ more: Totals, to key: Key) {
    let row = row(hash: key.rowHash, matches: { $0 == key }, makeKey: { key })
    rows[row].value.add(more)
  }

  /// The totals of row `key`, if it is there.
  subscript(key: Key) -> Totals? {
    get {
      guard let row = find(hash: key.rowHash, matches: { $0 == key }).row, !isRemoved(row) else { return nil }
      return rows[row].value
    }
    set {
      if let newValue {
        let row = row(hash: key.rowHash, matches: { $0 == key }, makeKey: { key })
        rows[row].value = newValue
      } else if let row = find(hash: key.rowHash, matches: { $0 == key }).row, !isRemoved(row) {
        if removed.isEmpty { removed = [Bool](repeating: false, count: rows.count) }
        removed[row] = true
        removedCount += 1
      }
    }
  }

  /// The live rows, in the order they were made: the table's own array (shared, not copied)
  /// unless rows were removed.
  var entries: [(key: Key, value: Totals)] {
    guard removedCount > 0 else { return rows }
    return rows.indices.compactMap { isRemoved($0) ? nil : (rows[$0].key, rows[$0].value) }
  }

  /// A slot's value for row `row` with `hash`: the hash's tag above the row index + 1.
  private static func slotEntry(hash: Int, row: Int) -> UInt64 {
    tag(hash) << 32 | UInt64(row + 1)
  }

  /// The upper 32 bits of `hash`, kept in its slot.
  @inline(__always)
  private static func tag(_ hash: Int) -> UInt64 { UInt64(UInt(bitPattern: hash)) >> 32 }

  /// The row index a filled slot's value names.
  @inline(__always)
  private static func row(of entry: UInt64) -> Int { Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1 }

  /// The slot where a key with `hash` is looked for first (bits above those that chose the
  /// partition, see `RowTable.partition(of:)`).
  @inline(__always)
  private func firstSlot(_ hash: Int) -> Int { (hash >> 6) & slotMask }

  /// Sizes the index for at least `minimumRows` rows at most 5/8 full, and fills it.
  private mutating func rebuildIndex(minimumRows: Int) {
    var size = 16
    while minimumRows * 8 >= size * 5 { size *= 2 }
    slotMask = size - 1
    var fresh = [UInt64](repeating: 0, count: size)
    for (index, row) in rows.enumerated() {
      let hash = row.key.rowHash
      var slot = firstSlot(hash)
      while fresh[slot] != 0 { slot = (slot + 1) & slotMask }
      fresh[slot] = Self.slotEntry(hash: hash, row: index)
    }
    slots = fresh
  }
}
