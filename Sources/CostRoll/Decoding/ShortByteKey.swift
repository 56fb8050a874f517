/// A fixed-size fingerprint of a byte string: its length and its first and last eight bytes.
///
/// For strings of up to 16 bytes (every field name, and the usual labels) equal keys mean equal
/// bytes, so matching one against a handful of known strings is a few integer compares instead
/// of a `memcmp` call per candidate. Longer strings must still be compared byte for byte when
/// their keys match.
struct ShortByteKey: Equatable {
  let count: Int
  let head: UInt64
  let tail: UInt64

  /// Whether equal keys imply equal bytes.
  var isExact: Bool { count <= 16 }

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    count = bytes.count
    guard let base = bytes.baseAddress, count > 0 else {
      head = 0
      tail = 0
      return
    }
    let raw = UnsafeRawPointer(base)
    if count >= 8 {
      head = raw.loadUnaligned(as: UInt64.self)
      tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    } else {
      var word: UInt64 = 0
      for index in 0..<count { word |= UInt64(bytes[index]) << (8 * UInt64(index)) }
      head = word
      tail = 0
    }
  }

  init(_ bytes: [UInt8]) {
    self = bytes.withUnsafeBufferPointer { ShortByteKey($0) }
  }
}
