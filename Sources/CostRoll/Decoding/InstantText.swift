/// Parses the format's instants: `YYYY-MM-DD`, `T` or one space, `HH:MM:SS`, an optional `.`
/// and 1–9 digits, then `Z`/`z` or an offset `±HH:MM`, `±HHMM` or `±HH`.
///
/// Hand-written because `ISO8601DateFormatter` manages about 25,000 values/s on Linux, rounds to
/// microseconds and accepts forms the format refuses.
public enum InstantText {
  /// The instant, or `nil` when the text breaks any rule (no offset, Feb 30, hour 24, second 60,
  /// offset hour over 23 or minute over 59, written year outside 1970–2199).
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Instant? {
    let count = bytes.count
    guard count >= 20 else { return nil }
    // Inlined: as a call it was half of this function's samples in a 5 M-event profile.
    @inline(__always) func number(_ start: Int, _ length: Int) -> Int? {
      var value = 0
      for index in start..<(start + length) {
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        value = value &* 10 &+ Int(digit)
      }
      return value
    }
    guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
      bytes[7] == UInt8(ascii: "-"), let day = number(8, 2),
      bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
      let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2),
      bytes[16] == UInt8(ascii: ":"), let second = number(17, 2)
    else { return nil }
    guard (1970...2199).contains(year), CivilDate.isValid(year: year, month: month, day: day),
      hour < 24, minute < 60, second < 60
    else { return nil }
    var index = 19
    var nanoseconds = 0
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      let start = index
      while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
        nanoseconds = nanoseconds * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        index += 1
      }
      let digits = index - start
      guard (1...9).contains(digits) else { return nil }
      for _ in digits..<9 { nanoseconds *= 10 }
    }
    guard index < count else { return nil }
    var offsetSeconds = 0
    switch bytes[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      guard index + 1 == count else { return nil }
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      let rest = count - index - 1
      var offsetMinute = 0
      guard rest == 2 || rest == 4 || rest == 5, let offsetHour = number(index + 1, 2) else { return nil }
      if rest == 4 {
        guard let value = number(index + 3, 2) else { return nil }
        offsetMinute = value
      } else if rest == 5 {
        guard bytes[index + 3] == UInt8(ascii: ":"), let value = number(index + 4, 2) else { return nil }
        offsetMinute = value
      }
      guard offsetHour <= 23, offsetMinute <= 59 else { return nil }
      offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
    default:
      return nil
    }
    let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
    let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    return Instant(seconds: local - Int64(offsetSeconds), nanoseconds: Int32(nanoseconds))
  }

  /// Parses a Swift string (flags, pipeline files).
  public static func parse(_ text: String) -> Instant? {
    var copy = text
    return copy.withUTF8 { parse($0) }
  }
}
