/// Exact conversion of a JSON-number literal to a `FixedDecimal`, never through floating point.
///
/// Hand-written because Foundation's `Decimal` has a 38-digit mantissa and rounds silently, and
/// the format's rules (limit judged before rounding, half-even at the 18th digit, a count of
/// rounded lines) need to see every digit.
enum DecimalLiteral {
  /// What a literal turned out to be.
  enum Outcome: Equatable {
    /// A value in range; `rounded` when it needed more than 18 fractional digits.
    case value(FixedDecimal, rounded: Bool)
    /// Not a JSON-number literal at all.
    case notANumber
    /// Magnitude of 10¹⁵ or more, judged before rounding.
    case tooLarge
    /// Below zero (minus zero is zero).
    case negative
  }

  private static let exponentCap = 1_000_000_000

  /// 10^0 through 10^38, every power of ten below 2^128.
  private static let powersOfTen: [UInt128] = (0...38).reduce(into: []) { powers, n in
    powers.append(n == 0 ? 1 : powers[n - 1] * 10)
  }

  /// Parses `bytes` as a complete JSON-number literal:
  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
    let count = bytes.count
    var index = 0
    let negative = count > 0 && bytes[0] == UInt8(ascii: "-")
    if negative { index = 1 }
    // Integer part.
    let integerStart = index
    guard index < count, isDigit(bytes[index]) else { return .notANumber }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < count, isDigit(bytes[index]) { index += 1 }
    }
    let integerEnd = index
    // Fraction.
    var fractionStart = index
    var fractionEnd = index
    if index < count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      fractionStart = index
      while index < count, isDigit(bytes[index]) { index += 1 }
      fractionEnd = index
      guard fractionEnd > fractionStart else { return .notANumber }
    }
    // Exponent, saturated so that absurd exponents cannot overflow.
    var exponent = 0
    if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      var exponentNegative = false
      if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        exponentNegative = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      let digitsStart = index
      while index < count, isDigit(bytes[index]) {
        exponent = min(exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")), exponentCap)
        index += 1
      }
      guard index > digitsStart else { return .notANumber }
      if exponentNegative { exponent = -exponent }
    }
    guard index == count else { return .notANumber }

    // The digits, integer then fraction, as one digit string D: value = D × 10^(exponent − f).
    let fractionDigits = fractionEnd - fractionStart
    @inline(__always) func digit(_ position: Int) -> UInt8 {
      let integerDigits = integerEnd - integerStart
      let byte =
        position < integerDigits ? bytes[integerStart + position] : bytes[fractionStart + position - integerDigits]
      return byte - UInt8(ascii: "0")
    }
    let totalDigits = (integerEnd - integerStart) + fractionDigits
    var leadingZeros = 0
    while leadingZeros < totalDigits, digit(leadingZeros) == 0 { leadingZeros += 1 }
    let significant = totalDigits - leadingZeros
    if significant == 0 { return .value(.zero, rounded: false) }
    // The most significant digit's weight is 10^(significant − 1 + exponent − f).
    if significant - 1 + exponent - fractionDigits >= 15 { return .tooLarge }
    if negative { return .negative }

    // units = D × 10^shift. Below 10^15 with 18 fractional digits, units < 10^33 < 2^128, so
    // no step here can overflow: wrapping operations skip the checks, and up to 19 digits are
    // gathered in 64 bits before one 128-bit step.
    let shift = exponent - fractionDigits + FixedDecimal.scale
    @inline(__always) func digits(_ range: Range<Int>) -> UInt128 {
      var units: UInt128 = 0
      var position = range.lowerBound
      while position < range.upperBound {
        let end = min(position + 19, range.upperBound)
        var chunk: UInt64 = 0
        for index in position..<end { chunk = chunk &* 10 &+ UInt64(digit(index)) }
        units = units &* Self.powersOfTen[end - position] &+ UInt128(chunk)
        position = end
      }
      return units
    }
    if shift >= 0 {
      let units = digits(leadingZeros..<totalDigits) &* Self.powersOfTen[shift]
      return .value(FixedDecimal(units: Int128(units)), rounded: false)
    }
    let kept = significant + shift  // digits at or above 10⁻¹⁸; may be ≤ 0
    var units = kept > 0 ? digits(leadingZeros..<(leadingZeros + kept)) : 0
    // Half-to-even on the dropped digits.
    let firstDropped: UInt8 = kept >= 0 ? digit(leadingZeros + kept) : 0
    var sticky = kept < 0
    let restStart = leadingZeros + max(kept, 0) + 1
    if !sticky && restStart < totalDigits {
      for position in restStart..<totalDigits where digit(position) != 0 {
        sticky = true
        break
      }
    }
    let rounded = firstDropped != 0 || sticky
    if firstDropped > 5 || (firstDropped == 5 && (sticky || units & 1 == 1)) { units += 1 }
    return .value(FixedDecimal(units: Int128(units)), rounded: rounded)
  }

  @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "0") < 10
  }
}
