/// Spells exact decimals the one way costroll's outputs use: plain digits, `.` as the point,
/// no exponent, no separators, trailing fractional zeros trimmed, `0` for zero.
enum DecimalText {
  private static let unitsPerWhole: UInt128 = 1_000_000_000_000_000_000

  /// The spelling of `magnitude × 10⁻¹⁸`, with a leading `-` when `negative` and non-zero.
  static func plain(magnitude: UInt128, negative: Bool) -> String {
    let (whole, fraction) = magnitude.quotientAndRemainder(dividingBy: unitsPerWhole)
    let text = join(whole: String(whole), fractionUnits: UInt64(fraction))
    return negative && magnitude != 0 ? "-" + text : text
  }

  /// `whole` followed by the 18-digit fraction `fractionUnits`, trailing zeros trimmed.
  static func join(whole: String, fractionUnits: UInt64) -> String {
    guard fractionUnits != 0 else { return whole }
    var digits = Array(String(fractionUnits).utf8)
    digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: 18 - digits.count), at: 0)
    while digits.last == UInt8(ascii: "0") { digits.removeLast() }
    return whole + "." + String(decoding: digits, as: UTF8.self)
  }
}
