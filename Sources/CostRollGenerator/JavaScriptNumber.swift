/// Spells a `Double` the way JavaScript's `Number.prototype.toString` does (shortest
/// round-trip digits; plain between 1e-7 and 1e21, else `d.ddde-7`), because the app's emitter
/// is JavaScript and computes `quantity × unit_cost` in doubles: `0.0013755000000000001`,
/// `2.0999999999999997e-7`. Floating point is right here: it imitates the emitter.
public enum JavaScriptNumber {
  public static func spell(_ value: Double) -> String {
    if value == 0 { return "0" }
    let negative = value < 0
    // Swift's description also gives the shortest round-trip digits; re-lay them out.
    let text = "\(abs(value))"
    var mantissa = text
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = String(text[..<e])
      exponent = Int(text[text.index(after: e)...])!
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let integer = String(parts[0])
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    var digits = integer + fraction
    var pointPosition = integer.count + exponent  // digits before the point
    while digits.hasPrefix("0") && digits.count > 1 {
      digits.removeFirst()
      pointPosition -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    let decimalExponent = pointPosition - 1
    var out: String
    if decimalExponent >= 21 || decimalExponent < -6 {
      out = String(digits.first!)
      if digits.count > 1 { out += "." + digits.dropFirst() }
      out += "e" + (decimalExponent < 0 ? "-" : "+") + String(abs(decimalExponent))
    } else if pointPosition <= 0 {
      out = "0." + String(repeating: "0", count: -pointPosition) + digits
    } else if pointPosition >= digits.count {
      out = digits + String(repeating: "0", count: pointPosition - digits.count)
    } else {
      out = String(digits.prefix(pointPosition)) + "." + digits.dropFirst(pointPosition)
    }
    return negative ? "-" + out : out
  }
}
