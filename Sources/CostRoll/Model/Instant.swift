/// A point in time to the nanosecond, as seconds and nanoseconds since 1970-01-01T00:00:00Z.
///
/// Kept as integers so that ordering and equality are exact; `Foundation.Date` is a `Double`.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Whole seconds since the Unix epoch (negative before it).
  public var seconds: Int64
  /// Nanoseconds within the second, 0..<1_000_000_000.
  public var nanoseconds: Int32

  /// The instant `seconds` + `nanoseconds` × 10⁻⁹ after the epoch.
  public init(seconds: Int64, nanoseconds: Int32 = 0) {
    self.seconds = seconds
    self.nanoseconds = nanoseconds
  }

  public static func < (lhs: Instant, rhs: Instant) -> Bool {
    lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.nanoseconds < rhs.nanoseconds
  }

  /// UTC, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, trailing fractional zeros trimmed.
  public var description: String {
    let days = Int64.floorDivide(seconds, 86_400)
    let secondOfDay = seconds - days * 86_400
    let date = CivilDate(daysSinceEpoch: days)
    var text = date.description + "T"
    text += CivilDate.twoDigits(Int(secondOfDay / 3600)) + ":"
    text += CivilDate.twoDigits(Int(secondOfDay / 60 % 60)) + ":"
    text += CivilDate.twoDigits(Int(secondOfDay % 60))
    if nanoseconds != 0 {
      var digits = Array(String(nanoseconds).utf8)
      digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: 9 - digits.count), at: 0)
      while digits.last == UInt8(ascii: "0") { digits.removeLast() }
      text += "." + String(decoding: digits, as: UTF8.self)
    }
    return text + "Z"
  }
}

extension Int64 {
  /// Division rounding toward negative infinity.
  static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }
}
