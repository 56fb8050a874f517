/// Spells exact decimals the one way costroll's outputs use: plain digits, `.` as the point,
/// no exponent, no separators, trailing fractional zeros trimmed, `0` for zero.
enum DecimalText {
  private static let unitsPerWhole: UInt128 = 1_000_000_000_000_000_000

  /// The spelling of `magnitude × 10⁻¹⁸`, with a leading `-` when `negative` and non-zero.
  static func plain(magnitude: UInt128, negative: Bool) -> String {
    var out: [UInt8] = negative && magnitude != 0 ? [UInt8(ascii: "-")] : []
    appendPlain(magnitude: magnitude, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes of `plain(magnitude:negative:)` for a non-negative value, appended to `out`
  /// without making a `String` (report cells, see `ReportRowBytes`).
  static func appendPlain(magnitude: UInt128, to out: inout [UInt8]) {
    let (whole, fraction) = magnitude.quotientAndRemainder(dividingBy: unitsPerWhole)
    appendDigits(of: whole, to: &out)
    appendFraction(units: UInt64(fraction), to: &out)
  }

  /// `.` and the 18-digit fraction `units` (of 10⁻¹⁸), trailing zeros trimmed; nothing for zero.
  static func appendFraction(units fraction: UInt64, to out: inout [UInt8]) {
    guard fraction != 0 else { return }
    out.append(UInt8(ascii: "."))
    var units = fraction
    var digits = 18
    while units % 10 == 0 {
      units /= 10
      digits -= 1
    }
    let start = out.count
    for _ in 0..<digits {
      out.append(UInt8(ascii: "0") + UInt8(units % 10))
      units /= 10
    }
    out[start...].reverse()
  }

  /// The decimal digits of `value` (no sign, no leading zeros; `0` for zero), appended to `out`.
  static func appendDigits(of value: some BinaryInteger, to out: inout [UInt8]) {
    guard value != 0 else {
      out.append(UInt8(ascii: "0"))
      return
    }
    var rest = value
    let start = out.count
    while rest != 0 {
      let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
      out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: digit))
      rest = quotient
    }
    out[start...].reverse()
  }

  /// `whole` followed by the 18-digit fraction `fractionUnits`, trailing zeros trimmed.
  static func join(whole: String, fractionUnits: UInt64) -> String {
    var out = Array(whole.utf8)
    appendFraction(units: fractionUnits, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `new − old` for two plain non-negative decimals as this type spells them (report totals),
  /// exactly, by digit arithmetic: totals are 192-bit sums, wider than any fixed type here.
  static func difference(_ new: String, minus old: String) -> String {
    func split(_ text: String) -> (whole: [UInt8], fraction: [UInt8]) {
      let parts = text.split(separator: ".", omittingEmptySubsequences: false)
      return (Array(parts[0].utf8), parts.count > 1 ? Array(parts[1].utf8) : [])
    }
    let a = split(new)
    let b = split(old)
    let scale = max(a.fraction.count, b.fraction.count)
    let width = max(a.whole.count, b.whole.count) + scale
    /// Digits (most significant first) of `part` at the common scale and width.
    func digits(_ part: (whole: [UInt8], fraction: [UInt8])) -> [Int] {
      let all = part.whole + part.fraction + Array(repeating: UInt8(ascii: "0"), count: scale - part.fraction.count)
      return Array(repeating: 0, count: width - all.count) + all.map { Int($0) - 48 }
    }
    var (larger, smaller) = (digits(a), digits(b))
    let negative = larger.lexicographicallyPrecedes(smaller)
    if negative { swap(&larger, &smaller) }
    var result = Array(repeating: 0, count: width)
    var borrow = 0
    for index in stride(from: width - 1, through: 0, by: -1) {
      var digit = larger[index] - smaller[index] - borrow
      borrow = digit < 0 ? 1 : 0
      if digit < 0 { digit += 10 }
      result[index] = digit
    }
    var whole = result[..<(width - scale)].drop { $0 == 0 }.map(String.init).joined()
    if whole.isEmpty { whole = "0" }
    var fraction = Array(result[(width - scale)...])
    while fraction.last == 0 { fraction.removeLast() }
    let text = fraction.isEmpty ? whole : whole + "." + fraction.map(String.init).joined()
    return negative && text != "0" ? "-" + text : text
  }
}
