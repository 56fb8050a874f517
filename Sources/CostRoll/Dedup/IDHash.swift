/// A 64-bit hash of an event's id, computed once per valid line and used twice: to pick the
/// id's shard (`EventShards.shard(ofIDHash:among:)`) and its word in the line spool's
/// filter of ids seen (`SeenIDFilter`). Every copy of an id gets the same value in any run: a
/// UUID id's canonical bits are mixed as they are (they are random already), any other id's
/// bytes are hashed (`LineHash`).
enum IDHash {
  /// The hash of `event`'s id.
  static func of(_ event: DecodedEvent) -> UInt64 {
    var key: UInt64
    if let uuid = event.uuidID {
      let bits = uuid.bits
      key = UInt64(truncatingIfNeeded: bits) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: bits >> 64)
    } else {
      key = LineHash.of(event.idBytes)
    }
    key ^= key >> 31
    key &*= 0xBF58_476D_1CE4_E5B9
    key ^= key >> 29
    return key
  }
}
