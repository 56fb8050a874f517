/// An exact decimal with 18 fractional digits, stored as an integer count of 10⁻¹⁸.
///
/// Every money amount and quantity that costroll reads is kept this way: parsing never goes
/// through binary floating point, so `0.0013755` stays `0.0013755` to the last digit. Values
/// read from input are below 10¹⁵ in magnitude, so `units` stays far inside `Int128`.
public struct FixedDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The number of fractional digits kept.
  public static let scale = 18
  /// 10¹⁸: one whole unit in `units`.
  public static let one: Int128 = 1_000_000_000_000_000_000
  /// 10¹⁵ whole units, the first magnitude the input format refuses.
  public static let limitUnits: Int128 = 1_000_000_000_000_000 * one

  /// The value times 10¹⁸.
  public var units: Int128 {
    get { Int128(high) << 64 | Int128(low) }
    set {
      high = Int64(truncatingIfNeeded: newValue >> 64)
      low = UInt64(truncatingIfNeeded: newValue)
    }
  }

  // Two 64-bit halves rather than one `Int128`: 8-byte alignment keeps `FixedDecimal?` at 24
  // bytes instead of 32 in every event.
  private var high: Int64
  private var low: UInt64

  /// The value that is `units` × 10⁻¹⁸.
  public init(units: Int128) {
    high = Int64(truncatingIfNeeded: units >> 64)
    low = UInt64(truncatingIfNeeded: units)
  }

  /// Zero.
  public static let zero = FixedDecimal(units: 0)

  public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool {
    lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
  }

  /// The plain decimal spelling: no exponent, trailing fractional zeros trimmed, `0` for zero.
  public var description: String { DecimalText.plain(magnitude: units.magnitude, negative: units < 0) }

  /// The exact product `self × other`, rounded half-to-even back to 18 fractional digits.
  ///
  /// Returns `nil` when the rounded product is 10¹⁵ or more (the input format's limit), which
  /// also covers every product too large for `Int128`; never traps. `rounded` tells whether the
  /// product needed more than 18 fractional digits.
  public func multipliedExactly(by other: FixedDecimal) -> (value: FixedDecimal, rounded: Bool)? {
    let product = WideUInt.product(units.magnitude, other.units.magnitude)
    let (quotient, remainder) = product.quotientAndRemainder(dividingBy: UInt128(FixedDecimal.one))
    guard var q = quotient else { return nil }
    let twice = remainder &* 2
    if twice > UInt128(FixedDecimal.one) || (twice == UInt128(FixedDecimal.one) && q & 1 == 1) {
      q += 1
    }
    guard q < UInt128(FixedDecimal.limitUnits) else { return nil }
    let negative = (units < 0) != (other.units < 0)
    let magnitude = Int128(q)
    return (FixedDecimal(units: negative ? -magnitude : magnitude), remainder != 0)
  }

  /// Whether `self` (a total) and the unrounded product `quantity × unitCost` differ by more
  /// than one part in 10⁹: `|t − q×u| × 10⁹ > max(t, q×u)`, decided exactly in 256 bits.
  public static func totalMismatches(
    total: FixedDecimal, quantity: FixedDecimal, unitCost: FixedDecimal
  ) -> Bool {
    // Work in units of 10⁻³⁶: the product is exact there, the total is scaled up by 10¹⁸.
    let product = WideUInt.product(quantity.units.magnitude, unitCost.units.magnitude)
    let scaledTotal = WideUInt.product(total.units.magnitude, UInt128(FixedDecimal.one))
    let (larger, smaller) = product > scaledTotal ? (product, scaledTotal) : (scaledTotal, product)
    let difference = larger.subtracting(smaller)
    guard let scaledDifference = difference.multiplied(by: 1_000_000_000) else { return true }
    return scaledDifference > larger
  }
}
