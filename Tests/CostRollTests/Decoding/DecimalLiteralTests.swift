import Testing

@testable import CostRoll

@Suite struct DecimalLiteralTests {
  func parse(_ text: String) -> DecimalLiteral.Outcome {
    var copy = text
    return copy.withUTF8 { DecimalLiteral.parse($0) }
  }

  @Test(arguments: [
    ("0", "0"), ("1834", "1834"), ("0.0013755", "0.0013755"), ("7.5e-7", "0.00000075"), ("1E-3", "0.001"),
    ("1e+2", "100"), ("0.5e1", "5"), ("123.456E-2", "1.23456"), ("-0", "0"), ("-0.0e-5", "0"), ("0e999999999999", "0"),
    ("0.000000000000000001", "0.000000000000000001"), ("999999999999999.9", "999999999999999.9"),
    ("0.10000000000000000000", "0.1"),
  ])
  func exactValues(text: String, expected: String) {
    guard case .value(let value, let rounded) = parse(text) else {
      Issue.record("\(text) was not a value")
      return
    }
    #expect(value.description == expected)
    #expect(!rounded)
  }

  @Test(arguments: [
    ("0.0013755000000000001", "0.0013755", true),
    ("2.0999999999999997e-7", "0.00000021", true),
    ("0.0000000000000000005", "0", true),  // tie to even: 0
    ("0.0000000000000000015", "0.000000000000000002", true),  // tie to even: 2
    ("0.00000000000000000150001", "0.000000000000000002", true),
    ("0.0000000000000000025", "0.000000000000000002", true),
    ("1e-30", "0", true),
    ("999999999999999.9999999999999999999", "1000000000000000", true),  // judged before rounding
  ])
  func roundedValues(text: String, expected: String, rounded: Bool) {
    guard case .value(let value, let wasRounded) = parse(text) else {
      Issue.record("\(text) was not a value")
      return
    }
    #expect(value.description == expected)
    #expect(wasRounded == rounded)
  }

  @Test(arguments: ["1e15", "1000000000000000", "-1e15", "1000000000000000.0", "1e999999999999999999"])
  func tooLarge(text: String) { #expect(parse(text) == .tooLarge) }

  @Test(arguments: ["-1", "-0.0000000000000000000001", "-7.5e-7"])
  func negative(text: String) { #expect(parse(text) == .negative) }

  @Test(arguments: [
    "", " 1", "1 ", "+1", "0123", "NaN", "Infinity", "0x10", ".5", "5.", "1e", "1e+", "--1", "1.2.3", "١",
  ])
  func notNumbers(text: String) { #expect(parse(text) == .notANumber) }
}
