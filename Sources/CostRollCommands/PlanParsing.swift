import ArgumentParser
import CostRoll
import Foundation

/// Turns flag text into typed plan values, with messages that list what is accepted.
enum PlanParsing {
  static func value<Value: RawRepresentable & CaseIterable>(_ text: String, of: Value.Type, flag: String) throws
    -> Value
  where Value.RawValue == String {
    guard let value = Value(rawValue: text) else {
      let accepted = Value.allCases.map(\.rawValue)
      let guess = Suggestion.hint(for: text, among: accepted)
      throw ValidationError("\(flag): unknown value '\(text)'\(guess) (accepted: \(accepted.joined(separator: ", ")))")
    }
    return value
  }

  static func list<Value: RawRepresentable & CaseIterable>(_ text: String, of type: Value.Type, flag: String) throws
    -> [Value]
  where Value.RawValue == String {
    try text.split(separator: ",").map { try value($0.trimmingCharacters(in: .whitespaces), of: type, flag: flag) }
  }

  /// An instant in the input format, or `YYYY-MM-DD` meaning local midnight in `zone`.
  static func instant(_ text: String, zone: TimeZone, flag: String) throws -> Instant {
    if let instant = InstantText.parse(text) { return instant }
    let parts = text.split(separator: "-").compactMap { Int($0) }
    if text.count == 10, parts.count == 3, CivilDate.isValid(year: parts[0], month: parts[1], day: parts[2]) {
      return CivilDate(year: parts[0], month: parts[1], day: parts[2]).midnight(in: zone)
    }
    throw ValidationError("\(flag): '\(text)' is not an instant like 2026-11-01T00:00:00Z or a date like 2026-11-01")
  }

  static func uuid(_ text: String, flag: String) throws -> UUIDValue {
    guard let uuid = UUIDValue(text) else { throw ValidationError("\(flag): '\(text)' is not a UUID") }
    return uuid
  }
}
