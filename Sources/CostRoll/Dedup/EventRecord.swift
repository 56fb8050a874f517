/// A compact binary form of a `CostEvent`, for spilling dedup shards to disk.
///
/// Layout (native byte order; the files never leave the machine or the run that wrote them):
/// `UInt8` flags (1: UUID id, 2: `created_at`, 4: `user_id`, 8: `podcast_id`, 16: `episode_id`,
/// 32: `unit_cost_usd`); the id as 16 bytes (UUID) or a `UInt8` length and its bytes; `timestamp`
/// as `Int64` seconds and `Int32` nanoseconds; `created_at` likewise when present; each present
/// UUID as 16 bytes; `event_type`, `service`, `unit` each as a `UInt8` length and bytes;
/// `quantity`, `total_cost_usd` and, when present, `unit_cost_usd` as 16-byte `Int128` units of
/// 10⁻¹⁸; the source's index in the run's source list as `Int32`; the line number as `Int64`;
/// when flag 64 is set, the line's hash (`LineHash`) as `UInt64` (dedup's shards carry it; the
/// state store's records, written before it existed, do not).
enum EventRecord {
  /// The largest record: flags, a 128-byte text id with its length, two instants, three
  /// UUIDs, three 64-byte labels with their lengths, three amounts, source and line.
  static let maxBytes = 1 + 129 + 24 + 48 + 3 * 65 + 48 + 12 + 8

  /// Appends `event`'s record to `out`.
  static func append(_ event: CostEvent, sourceIndex: Int32, to out: inout [UInt8]) {
    DecodedEvent.withFields(of: event) { append($0, sourceIndex: sourceIndex, line: event.origin.line, to: &out) }
  }

  /// Appends the record of `event`, read at line `line` of source number `sourceIndex` (with
  /// hash `lineHash`, when given), to `out`. The record is spelled into a stack buffer and
  /// appended in one call, not field by field with a capacity check each.
  static func append(
    _ event: DecodedEvent, sourceIndex: Int32, line: Int, lineHash: UInt64? = nil, to out: inout [UInt8]
  ) {
    withUnsafeTemporaryAllocation(byteCount: maxBytes, alignment: 16) { buffer in
      var cursor = buffer.baseAddress!
      func raw<T>(_ value: T) {
        cursor.storeBytes(of: value, toByteOffset: 0, as: T.self)
        cursor += MemoryLayout<T>.size
      }
      func bytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        raw(UInt8(bytes.count))
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        cursor.copyMemory(from: base, byteCount: bytes.count)
        cursor += bytes.count
      }
      func instant(_ instant: Instant) {
        raw(instant.seconds)
        raw(instant.nanoseconds)
      }
      var flags: UInt8 = 0
      if event.uuidID != nil { flags |= 1 }
      if event.createdAt != nil { flags |= 2 }
      if event.userID != nil { flags |= 4 }
      if event.podcastID != nil { flags |= 8 }
      if event.episodeID != nil { flags |= 16 }
      if event.unitCost != nil { flags |= 32 }
      if lineHash != nil { flags |= 64 }
      raw(flags)
      if let uuid = event.uuidID { raw(uuid.bits) } else { bytes(event.idBytes) }
      instant(event.timestamp)
      if let createdAt = event.createdAt { instant(createdAt) }
      if let uuid = event.userID { raw(uuid.bits) }
      if let uuid = event.podcastID { raw(uuid.bits) }
      if let uuid = event.episodeID { raw(uuid.bits) }
      bytes(event.eventType)
      bytes(event.service)
      bytes(event.unit)
      raw(event.quantity.units)
      raw(event.totalCost.units)
      if let unitCost = event.unitCost { raw(unitCost.units) }
      raw(sourceIndex)
      raw(Int64(line))
      if let lineHash { raw(lineHash) }
      out.append(contentsOf: UnsafeRawBufferPointer(start: buffer.baseAddress, count: cursor - buffer.baseAddress!))
    }
  }

  /// Reads the record at `offset` and moves `offset` past it; `sources` names sources by index
  /// and `labels` shares label storage across records.
  static func read(
    _ bytes: UnsafeRawBufferPointer, at offset: inout Int, sources: [String], labels: inout LabelInterner
  ) -> CostEvent {
    let record = view(bytes, at: &offset)
    return record.event.event(origin: LineOrigin(source: sources[record.source], line: record.line), labels: &labels)
  }

  /// The record at `offset`, its id and labels borrowed from `bytes`, with its source index,
  /// line number and line hash (if it has one); moves `offset` past it.
  static func view(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> (
    event: DecodedEvent, source: Int, line: Int, lineHash: UInt64?
  ) {
    func raw<T>(_ type: T.Type) -> T {
      let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
      offset += MemoryLayout<T>.size
      return value
    }
    func byteString() -> UnsafeBufferPointer<UInt8> {
      let count = Int(raw(UInt8.self))
      let start = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
      offset += count
      return UnsafeBufferPointer(start: start, count: count)
    }
    func instant() -> Instant {
      let seconds = raw(Int64.self)
      return Instant(seconds: seconds, nanoseconds: raw(Int32.self))
    }
    let flags = raw(UInt8.self)
    let uuidID = flags & 1 != 0 ? UUIDValue(bits: raw(UInt128.self)) : nil
    let idBytes = uuidID == nil ? byteString() : UnsafeBufferPointer(start: nil, count: 0)
    let timestamp = instant()
    let createdAt = flags & 2 != 0 ? instant() : nil
    let userID = flags & 4 != 0 ? UUIDValue(bits: raw(UInt128.self)) : nil
    let podcastID = flags & 8 != 0 ? UUIDValue(bits: raw(UInt128.self)) : nil
    let episodeID = flags & 16 != 0 ? UUIDValue(bits: raw(UInt128.self)) : nil
    let eventType = byteString()
    let service = byteString()
    let unit = byteString()
    let quantity = FixedDecimal(units: raw(Int128.self))
    let total = FixedDecimal(units: raw(Int128.self))
    let unitCost = flags & 32 != 0 ? FixedDecimal(units: raw(Int128.self)) : nil
    let source = Int(raw(Int32.self))
    let line = Int(raw(Int64.self))
    let lineHash = flags & 64 != 0 ? raw(UInt64.self) : nil
    let event = DecodedEvent(
      uuidID: uuidID, idBytes: idBytes, timestamp: timestamp, createdAt: createdAt, userID: userID,
      podcastID: podcastID, episodeID: episodeID, eventType: eventType, service: service, unit: unit,
      quantity: quantity, unitCost: unitCost, totalCost: total)
    return (event, source, line, lineHash)
  }

  /// The id of the record at `offset`, moving `offset` past the whole record without decoding
  /// the rest: dedup's first pass over a shard needs only ids.
  static func id(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> EventID {
    let flags = bytes[offset]
    offset += 1
    let id: EventID
    if flags & 1 != 0 {
      id = .uuid(UUIDValue(bits: bytes.loadUnaligned(fromByteOffset: offset, as: UInt128.self)))
      offset += 16
    } else {
      let count = Int(bytes[offset])
      id = .text(ByteString(Array(bytes[(offset + 1)..<(offset + 1 + count)])))
      offset += 1 + count
    }
    skipFields(flags: flags, bytes, at: &offset)
    return id
  }

  /// Moves `offset` past the record at `offset` without reading it (to cut a spilled shard's
  /// records into pieces of whole records).
  static func skip(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) {
    let flags = bytes[offset]
    offset += flags & 1 != 0 ? 1 + 16 : 2 + Int(bytes[offset + 1])
    skipFields(flags: flags, bytes, at: &offset)
  }

  /// Moves `offset`, just past a record's id, past the rest of the record.
  private static func skipFields(flags: UInt8, _ bytes: UnsafeRawBufferPointer, at offset: inout Int) {
    offset += 12  // timestamp
    if flags & 2 != 0 { offset += 12 }
    if flags & 4 != 0 { offset += 16 }  // user_id
    if flags & 8 != 0 { offset += 16 }  // podcast_id
    if flags & 16 != 0 { offset += 16 }  // episode_id
    for _ in 0..<3 { offset += 1 + Int(bytes[offset]) }  // event_type, service, unit
    offset += 32  // quantity, total
    if flags & 32 != 0 { offset += 16 }
    offset += 12  // source index, line
    if flags & 64 != 0 { offset += 8 }  // line hash
  }
}
