import Glibc

/// A UTF-8 string compared, hashed and ordered byte for byte.
///
/// Swift's `String` equality follows Unicode canonical equivalence (`"é"` equals `"e\u{301}"`),
/// but the format compares ids and sorts keys byte-wise, so keys and ids use this instead.
public struct ByteString: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The UTF-8 bytes.
  public var bytes: [UInt8]

  public init(_ bytes: [UInt8]) { self.bytes = bytes }
  public init(_ text: String) { bytes = Array(text.utf8) }

  /// Hashes the bytes in one call (with the length, so `"ab","c"` and `"a","bc"` differ); the
  /// synthesized hash feeds `Hasher` one byte at a time.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(bytes.count)
    bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
  }

  /// Byte-wise (`memcmp`, then length): report rows sort by it.
  public static func < (lhs: ByteString, rhs: ByteString) -> Bool {
    lhs.bytes.withUnsafeBufferPointer { a in
      rhs.bytes.withUnsafeBufferPointer { b in
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
        return order != 0 ? order < 0 : a.count < b.count
      }
    }
  }

  /// The text; every `ByteString` costroll builds holds valid UTF-8.
  public var description: String { String(decoding: bytes, as: UTF8.self) }

  /// Whether the bytes start with `prefix`.
  public func hasPrefix(_ prefix: ByteString) -> Bool { bytes.starts(with: prefix.bytes) }
}

extension String {
  /// Byte-wise (UTF-8) ordering, which `<` on `String` is not.
  func utf8Precedes(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }
}
