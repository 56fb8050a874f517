import Testing

@testable import CostRoll

@Suite struct FixedDecimalTests {
  func value(_ text: String) -> FixedDecimal {
    var copy = text
    guard case .value(let v, _) = copy.withUTF8({ DecimalLiteral.parse($0) }) else {
      Issue.record("not a value: \(text)")
      return .zero
    }
    return v
  }

  @Test func printsPlainDecimals() {
    #expect(FixedDecimal.zero.description == "0")
    #expect(FixedDecimal(units: 1).description == "0.000000000000000001")
    #expect(FixedDecimal(units: FixedDecimal.one * 12 + FixedDecimal.one / 2).description == "12.5")
    #expect(value("1834").description == "1834")
  }

  @Test func exactProductRoundsHalfEven() {
    let product = value("1834").multipliedExactly(by: value("0.00000075"))!
    #expect(product.value.description == "0.0013755")
    #expect(!product.rounded)
    // 0.000000000000000001 × 0.5 = 5e-19: a tie, rounds to even (0).
    let tie = value("0.000000000000000001").multipliedExactly(by: value("0.5"))!
    #expect(tie.value == .zero && tie.rounded)
    // 3e-18 × 0.5 = 1.5e-18: a tie, rounds to even (2e-18).
    let tie2 = value("0.000000000000000003").multipliedExactly(by: value("0.5"))!
    #expect(tie2.value.units == 2 && tie2.rounded)
  }

  @Test func productAtTheLimitIsRefusedNotTrapped() {
    let big = value("999999999999999.999999999999999999")
    #expect(big.multipliedExactly(by: big) == nil)
    #expect(value("100000000").multipliedExactly(by: value("10000000")) == nil)  // exactly 1e15
    #expect(value("99999999").multipliedExactly(by: value("10000000")) != nil)
  }

  @Test func mismatchIsOnePartInABillionExactly() {
    let q = value("1")
    let u = value("1")
    #expect(!FixedDecimal.totalMismatches(total: value("1.000000001"), quantity: q, unitCost: u))
    #expect(!FixedDecimal.totalMismatches(total: value("1.000000001000000001"), quantity: q, unitCost: u))
    #expect(FixedDecimal.totalMismatches(total: value("1.000000002"), quantity: q, unitCost: u))
    #expect(!FixedDecimal.totalMismatches(total: value("0.999999999"), quantity: q, unitCost: u))
    #expect(FixedDecimal.totalMismatches(total: value("0"), quantity: q, unitCost: u))
    #expect(!FixedDecimal.totalMismatches(total: value("0"), quantity: value("0"), unitCost: u))
    // JavaScript noise is no mismatch.
    #expect(
      !FixedDecimal.totalMismatches(
        total: value("0.0013755000000000001"), quantity: value("1834"), unitCost: value("0.00000075")))
  }

  @Test func sumsNeverOverflow() {
    var sum = DecimalSum()
    let big = value("999999999999999.999999999999999999")
    for _ in 0..<1_000_000 { sum.add(big) }
    #expect(sum.description == "999999999999999999999.999999999999")
    var small = DecimalSum()
    small.add(value("0.1"))
    small.add(value("0.2"))
    #expect(small.description == "0.3")
    #expect(DecimalSum().description == "0")
  }
}
