/// A proleptic Gregorian calendar date, with exact conversion to and from days since
/// 1970-01-01 (Howard Hinnant's `days_from_civil` algorithms).
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The date `days` after 1970-01-01.
  public init(daysSinceEpoch days: Int64) {
    let z = days + 719_468
    let era = Int64.floorDivide(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
    month = Int(mp < 10 ? mp + 3 : mp - 9)
    year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
  }

  /// Days since 1970-01-01.
  public var daysSinceEpoch: Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = Int64.floorDivide(y, 400)
    let yearOfEra = y - era * 400
    let m = Int64(month)
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// ISO weekday: 1 for Monday … 7 for Sunday.
  public var isoWeekday: Int {
    // 1970-01-01 was a Thursday (4).
    Int(((daysSinceEpoch + 3) % 7 + 7) % 7) + 1
  }

  /// Whether `year`-`month`-`day` names a real date.
  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard (1...12).contains(month), day >= 1 else { return false }
    return day <= daysIn(month: month, year: year)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    let y = String(year)
    return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + Self.twoDigits(month) + "-"
      + Self.twoDigits(day)
  }

  static func twoDigits(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
}
