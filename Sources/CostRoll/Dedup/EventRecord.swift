/// A compact binary form of a `CostEvent`, for spilling dedup shards to disk.
///
/// Layout (native byte order; the files never leave the machine or the run that wrote them):
/// `UInt8` flags (1: UUID id, 2: `created_at`, 4: `user_id`, 8: `podcast_id`, 16: `episode_id`,
/// 32: `unit_cost_usd`); the id as 16 bytes (UUID) or a `UInt8` length and its bytes; `timestamp`
/// as `Int64` seconds and `Int32` nanoseconds; `created_at` likewise when present; each present
/// UUID as 16 bytes; `event_type`, `service`, `unit` each as a `UInt8` length and bytes;
/// `quantity`, `total_cost_usd` and, when present, `unit_cost_usd` as 16-byte `Int128` units of
/// 10⁻¹⁸; the source's index in the run's source list as `Int32`; the line number as `Int64`.
enum EventRecord {
  static func append(_ event: CostEvent, sourceIndex: Int32, to out: inout [UInt8]) {
    var flags: UInt8 = 0
    if case .uuid = event.id { flags |= 1 }
    if event.createdAt != nil { flags |= 2 }
    if event.userID != nil { flags |= 4 }
    if event.podcastID != nil { flags |= 8 }
    if event.episodeID != nil { flags |= 16 }
    if event.unitCost != nil { flags |= 32 }
    out.append(flags)
    switch event.id {
    case .uuid(let uuid): appendRaw(uuid.bits, to: &out)
    case .text(let text): appendBytes(text.bytes, to: &out)
    }
    appendInstant(event.timestamp, to: &out)
    if let createdAt = event.createdAt { appendInstant(createdAt, to: &out) }
    for uuid in [event.userID, event.podcastID, event.episodeID] {
      if let uuid { appendRaw(uuid.bits, to: &out) }
    }
    appendBytes(event.eventType.bytes, to: &out)
    appendBytes(event.service.bytes, to: &out)
    appendBytes(event.unit.bytes, to: &out)
    appendRaw(event.quantity.units, to: &out)
    appendRaw(event.totalCost.units, to: &out)
    if let unitCost = event.unitCost { appendRaw(unitCost.units, to: &out) }
    appendRaw(sourceIndex, to: &out)
    appendRaw(Int64(event.origin.line), to: &out)
  }

  /// Reads the record at `offset` and moves `offset` past it; `sources` names sources by index
  /// and `labels` shares label storage across records.
  static func read(
    _ bytes: UnsafeRawBufferPointer, at offset: inout Int, sources: [String], labels: inout LabelInterner
  ) -> CostEvent {
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
    let id: EventID =
      flags & 1 != 0 ? .uuid(UUIDValue(bits: raw(UInt128.self))) : .text(ByteString(Array(byteString())))
    let timestamp = instant()
    let createdAt = flags & 2 != 0 ? instant() : nil
    let userID = flags & 4 != 0 ? UUIDValue(bits: raw(UInt128.self)) : nil
    let podcastID = flags & 8 != 0 ? UUIDValue(bits: raw(UInt128.self)) : nil
    let episodeID = flags & 16 != 0 ? UUIDValue(bits: raw(UInt128.self)) : nil
    let eventType = labels.intern(byteString())
    let service = labels.intern(byteString())
    let unit = labels.intern(byteString())
    let quantity = FixedDecimal(units: raw(Int128.self))
    let total = FixedDecimal(units: raw(Int128.self))
    let unitCost = flags & 32 != 0 ? FixedDecimal(units: raw(Int128.self)) : nil
    let source = sources[Int(raw(Int32.self))]
    let line = Int(raw(Int64.self))
    return CostEvent(
      id: id, timestamp: timestamp, createdAt: createdAt, userID: userID, podcastID: podcastID, episodeID: episodeID,
      eventType: eventType, service: service, unit: unit, quantity: quantity, unitCost: unitCost, totalCost: total,
      origin: LineOrigin(source: source, line: line))
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
    offset += 12  // timestamp
    if flags & 2 != 0 { offset += 12 }
    if flags & 4 != 0 { offset += 16 }  // user_id
    if flags & 8 != 0 { offset += 16 }  // podcast_id
    if flags & 16 != 0 { offset += 16 }  // episode_id
    for _ in 0..<3 { offset += 1 + Int(bytes[offset]) }  // event_type, service, unit
    offset += 32  // quantity, total
    if flags & 32 != 0 { offset += 16 }
    offset += 12  // source index, line
    return id
  }

  private static func appendRaw<T>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value) { out.append(contentsOf: $0) }
  }

  private static func appendBytes(_ bytes: [UInt8], to out: inout [UInt8]) {
    out.append(UInt8(bytes.count))
    out.append(contentsOf: bytes)
  }

  private static func appendInstant(_ instant: Instant, to out: inout [UInt8]) {
    appendRaw(instant.seconds, to: &out)
    appendRaw(instant.nanoseconds, to: &out)
  }
}
