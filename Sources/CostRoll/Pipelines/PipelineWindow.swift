import Foundation

/// A report window relative to a run's as-of instant, in the report's time zone.
///
/// Both forms cover whole local days and end at the start of the as-of day, so a nightly run
/// reports complete days only: `last 31 days` run on 2026-11-25 covers 2026-10-25 up to (not
/// including) 2026-11-25; `previous month` covers 2026-10-01 up to 2026-11-01.
public enum PipelineWindow: Sendable, Equatable, CustomStringConvertible {
  /// The `days` whole days before the as-of day.
  case lastDays(Int)
  /// The calendar month before the as-of day's month.
  case previousMonth

  /// Parses `last N days` (`last 1 day` too) or `previous month`.
  public init?(_ text: String) {
    let words = text.lowercased().split(separator: " ")
    if words == ["previous", "month"] {
      self = .previousMonth
    } else if words.count == 3, words[0] == "last", let days = Int(words[1]), days > 0,
      words[2] == (days == 1 ? "day" : "days")
    {
      self = .lastDays(days)
    } else {
      return nil
    }
  }

  /// The window as a pipeline file spells it.
  public var description: String {
    switch self {
    case .lastDays(let days): days == 1 ? "last 1 day" : "last \(days) days"
    case .previousMonth: "previous month"
    }
  }

  /// `from` (inclusive) and `to` (exclusive) for a run as of `asOf`.
  public func range(asOf: Instant, zone: TimeZone) -> (from: Instant, to: Instant) {
    let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(asOf.seconds))))
    let today = CivilDate(daysSinceEpoch: Int64.floorDivide(asOf.seconds + offset, 86_400))
    switch self {
    case .lastDays(let days):
      let first = CivilDate(daysSinceEpoch: today.daysSinceEpoch - Int64(days))
      return (first.midnight(in: zone), today.midnight(in: zone))
    case .previousMonth:
      let thisMonth = CivilDate(year: today.year, month: today.month, day: 1)
      let previous =
        today.month == 1
        ? CivilDate(year: today.year - 1, month: 12, day: 1)
        : CivilDate(year: today.year, month: today.month - 1, day: 1)
      return (previous.midnight(in: zone), thisMonth.midnight(in: zone))
    }
  }
}

extension CivilDate {
  /// The first instant of this date in `zone` (local midnight, or the first existing local time
  /// when a DST gap skips midnight).
  public func midnight(in zone: TimeZone) -> Instant {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let date = calendar.startOfDay(
      for: calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date())
    return Instant(seconds: Int64(date.timeIntervalSince1970.rounded(.down)))
  }
}
