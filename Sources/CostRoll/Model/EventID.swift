/// The deduplication key of an event.
///
/// A UUID-shaped id compares case-insensitively, so it is kept as its 128 bits; any other id
/// compares byte for byte.
public enum EventID: Hashable, Sendable, CustomStringConvertible {
  case uuid(UUIDValue)
  case text(ByteString)

  /// The id for the decoded string `bytes`.
  public init(bytes: [UInt8]) {
    self = bytes.withUnsafeBufferPointer { EventID(buffer: $0) }
  }

  /// The id for the decoded string in `buffer`; copies the bytes only for a non-UUID id.
  public init(buffer: UnsafeBufferPointer<UInt8>) {
    if let uuid = UUIDValue(buffer: buffer) { self = .uuid(uuid) } else { self = .text(ByteString(Array(buffer))) }
  }

  /// The canonical spelling: lowercase for a UUID, the bytes as given otherwise.
  public var description: String {
    switch self {
    case .uuid(let uuid): return uuid.description
    case .text(let text): return text.description
    }
  }
}

extension EventID: Comparable {
  /// Any text id before every UUID, text ids byte for byte, UUIDs by their bits (the order of
  /// their canonical spelling): the order in which the state store keys kept events, where a
  /// text id is TEXT and a UUID a BLOB of its bits, big endian.
  public static func < (lhs: EventID, rhs: EventID) -> Bool {
    switch (lhs, rhs) {
    case (.uuid(let x), .uuid(let y)): return x.bits < y.bits
    case (.text(let x), .text(let y)): return x.bytes.lexicographicallyPrecedes(y.bytes)
    case (.text, .uuid): return true
    case (.uuid, .text): return false
    }
  }
}
