/// A UUID as 128 bits: parsed from any case, always printed lowercase 8-4-4-4-12.
public struct UUIDValue: Hashable, Comparable, Sendable, CustomStringConvertible {
  // Two 64-bit halves rather than one `UInt128`: 8-byte alignment keeps `UUIDValue?` at 24
  // bytes instead of 32, and an event carries three of them.
  private var high: UInt64
  private var low: UInt64

  /// The 128 bits, first hex digit most significant.
  public var bits: UInt128 {
    get { UInt128(high) << 64 | UInt128(low) }
    set {
      high = UInt64(truncatingIfNeeded: newValue >> 64)
      low = UInt64(truncatingIfNeeded: newValue)
    }
  }

  public init(bits: UInt128) {
    high = UInt64(truncatingIfNeeded: bits >> 64)
    low = UInt64(truncatingIfNeeded: bits)
  }

  /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in any case; `nil` for anything else.
  ///
  /// Eight digits at a time in a 64-bit word (checked and packed with a few shifts and adds):
  /// it runs for every id and user id. Against a byte-by-byte table lookup, its samples in the
  /// 5 M-event report fell by about a third (`perf record`).
  public init?(buffer text: UnsafeBufferPointer<UInt8>) {
    guard text.count == 36, text[8] == 0x2D, text[13] == 0x2D, text[18] == 0x2D, text[23] == 0x2D else { return nil }
    let raw = UnsafeRawBufferPointer(text)
    @inline(__always) func word(_ offset: Int) -> UInt64 {
      UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    // The 32 digits as four words of eight: 0–7, 9–12 and 14–17, 19–22 and 24–27, 28–35.
    guard let first = Self.value(ofHexDigits: word(0)),
      let second = Self.value(ofHexDigits: word(9) & 0xFFFF_FFFF | word(14) << 32),
      let third = Self.value(ofHexDigits: word(19) & 0xFFFF_FFFF | word(24) << 32),
      let fourth = Self.value(ofHexDigits: word(28))
    else { return nil }
    high = first << 32 | second
    low = third << 32 | fourth
  }

  /// The value of the eight hex digits (any case) in `word`'s bytes, the lowest byte the most
  /// significant digit; `nil` when a byte is not a hex digit.
  @inline(__always)
  static func value(ofHexDigits word: UInt64) -> UInt64? {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let tops: UInt64 = 0x8080_8080_8080_8080
    // No byte from 0x80 up is a digit. Below it, adding 0x80 − n to a byte sets its top bit
    // exactly when the byte is at least n, and never carries into the next byte.
    guard word & tops == 0 else { return nil }
    @inline(__always) func atLeast(_ bytes: UInt64, _ bound: UInt64) -> UInt64 {
      (bytes &+ ones &* (0x80 - bound)) & tops
    }
    let folded = word | 0x2020_2020_2020_2020  // 'A'–'F' to 'a'–'f'; digits keep their bit 5
    let isDigit = atLeast(word, 0x30) & ~atLeast(word, 0x3A)
    let isLetter = atLeast(folded, 0x61) & ~atLeast(folded, 0x67)
    guard isDigit | isLetter == tops else { return nil }
    // A digit's value is its low four bits, plus 9 for a letter (the bytes with bit 6 set).
    var value = (word & 0x0F0F_0F0F_0F0F_0F0F) &+ (word >> 6 & ones) &* 9
    // Pack the nibbles pairwise into bytes, bytes into 16-bit halves, halves into 32 bits.
    value = (value << 4 | value >> 8) & 0x00FF_00FF_00FF_00FF
    value = (value << 8 | value >> 16) & 0x0000_FFFF_0000_FFFF
    return (value << 16 | value >> 32) & 0xFFFF_FFFF
  }

  /// Parses the UUID spelled by `text` (see `init(buffer:)`).
  public init?(text: [UInt8]) {
    guard let value = text.withUnsafeBufferPointer({ UUIDValue(buffer: $0) }) else { return nil }
    self = value
  }

  public init?(_ text: String) { self.init(text: Array(text.utf8)) }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// Lowercase 8-4-4-4-12. Byte-wise order of this text equals numeric order of `bits`.
  public var description: String {
    var out = [UInt8]()
    out.reserveCapacity(36)
    appendText(to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the 36 bytes of `description` to `out`, spelled in a stack buffer and appended
  /// at once (byte by byte, this was 3% of writing a 770 k-row report by user).
  func appendText(to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
      var position = 0
      func spell(_ word: UInt64) {
        for index in 0..<16 {
          if position == 8 || position == 13 || position == 18 || position == 23 {
            text[position] = UInt8(ascii: "-")
            position += 1
          }
          let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - index * 4)) & 0xF
          text[position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
          position += 1
        }
      }
      spell(high)
      spell(low)
      out.append(contentsOf: UnsafeBufferPointer(text))
    }
  }

  public static func < (lhs: UUIDValue, rhs: UUIDValue) -> Bool {
    lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
  }
}
