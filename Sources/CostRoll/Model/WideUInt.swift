/// A 256-bit unsigned integer, just wide enough for the exact product of two `FixedDecimal`
/// magnitudes (each below 2¹²⁸) and the comparisons the cost-mismatch rule needs.
struct WideUInt: Comparable, Sendable {
  var high: UInt128
  var low: UInt128

  /// The exact 256-bit product `a × b`.
  static func product(_ a: UInt128, _ b: UInt128) -> WideUInt {
    let (high, low) = a.multipliedFullWidth(by: b)
    return WideUInt(high: high, low: low)
  }

  static func < (lhs: WideUInt, rhs: WideUInt) -> Bool {
    lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
  }

  /// `self − other`; `other` must not exceed `self`.
  func subtracting(_ other: WideUInt) -> WideUInt {
    let (low, borrow) = low.subtractingReportingOverflow(other.low)
    return WideUInt(high: high &- other.high &- (borrow ? 1 : 0), low: low)
  }

  /// `self × factor`, or `nil` when that does not fit in 256 bits.
  func multiplied(by factor: UInt128) -> WideUInt? {
    let (carry, low) = low.multipliedFullWidth(by: factor)
    let (highProduct, overflow) = high.multipliedReportingOverflow(by: factor)
    guard !overflow else { return nil }
    let (high, overflow2) = highProduct.addingReportingOverflow(carry)
    guard !overflow2 else { return nil }
    return WideUInt(high: high, low: low)
  }

  /// Division by a non-zero 128-bit divisor. The quotient is `nil` when it does not fit in 128
  /// bits; the remainder is always exact.
  func quotientAndRemainder(dividingBy divisor: UInt128) -> (quotient: UInt128?, remainder: UInt128) {
    let highQuotient = high / divisor
    let highRemainder = high % divisor
    let (quotient, remainder) = divisor.dividingFullWidth((highRemainder, low))
    return (highQuotient == 0 ? quotient : nil, remainder)
  }
}
