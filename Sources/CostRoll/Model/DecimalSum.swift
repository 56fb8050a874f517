/// An exact, unbounded-in-practice sum of non-negative `FixedDecimal` values.
///
/// The format caps each value below 10¹⁵ but not the sums, so a running total keeps a 64-bit
/// carry above its 128-bit low part: 2¹⁹² × 10⁻¹⁸ is far beyond any real bill, and adding
/// never traps. Sums are commutative, so the order events arrive in never changes a total.
///
/// The 128-bit low part is stored as two 64-bit words, so that a sum takes 24 bytes with 8-byte
/// alignment rather than 32 (`UInt128` is 16-byte aligned): a report row holds two sums.
public struct DecimalSum: Hashable, Sendable, CustomStringConvertible {
  private var lowWord: UInt64 = 0
  private var middleWord: UInt64 = 0
  var high: UInt64 = 0

  /// The low 128 bits.
  var low: UInt128 {
    get { UInt128(middleWord) << 64 | UInt128(lowWord) }
    set {
      lowWord = UInt64(truncatingIfNeeded: newValue)
      middleWord = UInt64(truncatingIfNeeded: newValue >> 64)
    }
  }

  /// Zero.
  public init() {}

  /// Adds a non-negative value.
  public mutating func add(_ value: FixedDecimal) {
    precondition(value.units >= 0, "DecimalSum holds non-negative values only")
    let (sum, carry) = low.addingReportingOverflow(UInt128(value.units))
    low = sum
    if carry { high &+= 1 }
  }

  /// Adds another sum.
  public mutating func add(_ other: DecimalSum) {
    let (sum, carry) = low.addingReportingOverflow(other.low)
    low = sum
    high &+= other.high &+ (carry ? 1 : 0)
  }

  /// Takes away a value that was added before. Arithmetic is modulo 2¹⁹², so the result is
  /// exact whenever the true difference is non-negative, which holds when `value` is part of
  /// this sum (a nightly run removing the kept copy a later copy replaced).
  public mutating func subtract(_ value: FixedDecimal) {
    precondition(value.units >= 0, "DecimalSum holds non-negative values only")
    let (difference, borrow) = low.subtractingReportingOverflow(UInt128(value.units))
    low = difference
    if borrow { high &-= 1 }
  }

  /// Takes away another sum that is part of this one (see `subtract(_:)`).
  public mutating func subtract(_ other: DecimalSum) {
    let (difference, borrow) = low.subtractingReportingOverflow(other.low)
    low = difference
    high &-= other.high &+ (borrow ? 1 : 0)
  }

  /// The sum as 24 bytes (low 128 bits, then the high 64, little-endian), for the state store.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(24)
    withUnsafeBytes(of: low.littleEndian) { out += $0 }
    withUnsafeBytes(of: high.littleEndian) { out += $0 }
    return out
  }

  /// The sum stored as `bytes` (24 bytes at `offset`).
  public init(bytes: UnsafeRawBufferPointer, at offset: Int) {
    low = UInt128(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt128.self))
    high = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
  }

  /// Whether the sum is zero.
  public var isZero: Bool { low == 0 && high == 0 }

  /// Appends the bytes of `description` to `out`.
  func appendText(to out: inout [UInt8]) {
    guard high == 0 else { return out.append(contentsOf: description.utf8) }
    DecimalText.appendPlain(magnitude: low, to: &out)
  }

  /// The plain decimal spelling, as `FixedDecimal.description` spells it.
  public var description: String {
    if high == 0 { return DecimalText.plain(magnitude: low, negative: false) }
    // Split into base-10¹⁸ limbs by long division over three 64-bit words.
    var words: [UInt64] = [high, UInt64(truncatingIfNeeded: low >> 64), UInt64(truncatingIfNeeded: low)]
    let base: UInt64 = 1_000_000_000_000_000_000
    var limbs: [UInt64] = []
    while words.contains(where: { $0 != 0 }) {
      var remainder: UInt64 = 0
      for index in words.indices {
        let (q, r) = base.dividingFullWidth((remainder, words[index]))
        words[index] = q
        remainder = r
      }
      limbs.append(remainder)
    }
    // limbs[0] is the fraction (10⁻¹⁸ units); the rest are whole digits, least significant first.
    var whole = String(limbs[limbs.count - 1])
    for limb in limbs[1..<(limbs.count - 1)].reversed() {
      let digits = String(limb)
      whole += String(repeating: "0", count: 18 - digits.count) + digits
    }
    if limbs.count == 1 { whole = "0" }
    return DecimalText.join(whole: whole, fractionUnits: limbs[0])
  }
}
