import CostRoll

/// The compact bytes in which `kept` holds a kept event besides its indexed columns (id,
/// `user_id`, timestamp): what the state costs per event is mostly this record, so every
/// field takes the fewest bytes that keep it exact.
///
/// Layout: `UInt8` flags (1 `created_at`, 2 `podcast_id`, 4 `episode_id`, 8 `unit_cost_usd`);
/// varints of the label set (`event_type`, `service`, `unit`, see `KeptDictionary`), the source
/// and the line; the line's hash (`LineHash`) as 8 little-endian bytes; when present,
/// `created_at` as a zigzag varint of seconds after `timestamp` and a varint of nanoseconds,
/// `podcast_id` and `episode_id` as 16 big-endian bytes; `quantity`, `total_cost_usd` and
/// `unit_cost_usd` each as a byte `k` and a zigzag varint of the value in units of 10^(k-18),
/// `k` the most trailing zeros.
enum KeptRecord {
  /// The record of `event` with line hash `lineHash`, its labels and source numbered by
  /// `dictionary`.
  static func encode(_ event: CostEvent, lineHash: UInt64, labelSet: Int64, source: Int64) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(96)
    var flags: UInt8 = 0
    if event.createdAt != nil { flags |= 1 }
    if event.podcastID != nil { flags |= 2 }
    if event.episodeID != nil { flags |= 4 }
    if event.unitCost != nil { flags |= 8 }
    out.append(flags)
    appendVarint(UInt128(labelSet), to: &out)
    appendVarint(UInt128(source), to: &out)
    appendVarint(UInt128(event.origin.line), to: &out)
    withUnsafeBytes(of: lineHash.littleEndian) { out += $0 }
    if let createdAt = event.createdAt {
      appendVarint(zigzag(Int128(createdAt.seconds) - Int128(event.timestamp.seconds)), to: &out)
      appendVarint(UInt128(createdAt.nanoseconds), to: &out)
    }
    for uuid in [event.podcastID, event.episodeID] {
      guard let uuid else { continue }
      withUnsafeBytes(of: uuid.bits.bigEndian) { out += $0 }
    }
    appendDecimal(event.quantity, to: &out)
    appendDecimal(event.totalCost, to: &out)
    if let unitCost = event.unitCost { appendDecimal(unitCost, to: &out) }
    return out
  }

  /// The fields a record holds, with the label set and source still as numbers.
  struct Fields {
    var labelSet: Int64
    var source: Int64
    var line: Int
    var lineHash: UInt64
    var createdAt: Instant?
    var podcastID: UUIDValue?
    var episodeID: UUIDValue?
    var quantity: FixedDecimal
    var totalCost: FixedDecimal
    var unitCost: FixedDecimal?
  }

  /// Reads a record written by `encode` for an event at `timestamp`.
  static func decode(_ bytes: UnsafeRawBufferPointer, timestamp: Instant) -> Fields {
    var offset = 0
    let flags = bytes[offset]
    offset += 1
    let labelSet = Int64(readVarint(bytes, &offset))
    let source = Int64(readVarint(bytes, &offset))
    let line = Int(readVarint(bytes, &offset))
    let lineHash = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    offset += 8
    var createdAt: Instant?
    if flags & 1 != 0 {
      let seconds = Int64(Int128(timestamp.seconds) + unzigzag(readVarint(bytes, &offset)))
      createdAt = Instant(seconds: seconds, nanoseconds: Int32(readVarint(bytes, &offset)))
    }
    func uuid() -> UUIDValue {
      let bits = UInt128(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt128.self))
      offset += 16
      return UUIDValue(bits: bits)
    }
    let podcastID = flags & 2 != 0 ? uuid() : nil
    let episodeID = flags & 4 != 0 ? uuid() : nil
    let quantity = readDecimal(bytes, &offset)
    let totalCost = readDecimal(bytes, &offset)
    let unitCost = flags & 8 != 0 ? readDecimal(bytes, &offset) : nil
    return Fields(
      labelSet: labelSet, source: source, line: line, lineHash: lineHash, createdAt: createdAt,
      podcastID: podcastID, episodeID: episodeID, quantity: quantity, totalCost: totalCost, unitCost: unitCost)
  }

  private static func appendDecimal(_ value: FixedDecimal, to out: inout [UInt8]) {
    var units = value.units
    var zeros: UInt8 = 0
    while units != 0 && units % 10 == 0 {
      units /= 10
      zeros += 1
    }
    out.append(zeros)
    appendVarint(zigzag(units), to: &out)
  }

  private static func readDecimal(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> FixedDecimal {
    let zeros = Int(bytes[offset])
    offset += 1
    var units = unzigzag(readVarint(bytes, &offset))
    for _ in 0..<zeros { units *= 10 }
    return FixedDecimal(units: units)
  }

  private static func zigzag(_ value: Int128) -> UInt128 { UInt128(bitPattern: (value << 1) ^ (value >> 127)) }

  private static func unzigzag(_ value: UInt128) -> Int128 { Int128(bitPattern: value >> 1) ^ -Int128(value & 1) }

  private static func appendVarint(_ value: UInt128, to out: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    out.append(UInt8(value))
  }

  private static func readVarint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt128 {
    var value: UInt128 = 0
    var shift: UInt128 = 0
    while true {
      let byte = bytes[offset]
      offset += 1
      value |= UInt128(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }
}
