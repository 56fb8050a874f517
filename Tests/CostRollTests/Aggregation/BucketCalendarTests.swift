import Foundation
import Testing

@testable import CostRoll

@Suite struct BucketCalendarTests {
  func label(_ instant: String, _ size: BucketSize, _ zone: String) -> String {
    var calendar = BucketCalendar(size: size, zone: TimeZone(identifier: zone)!, zoneName: zone)
    let bucket = calendar.bucket(for: InstantText.parse(instant)!)
    return calendar.label(bucket)
  }

  @Test func hoursInUTCSayZ() {
    #expect(label("2026-11-24T13:05:22.123Z", .hour, "UTC") == "2026-11-24T13:00:00Z")
    #expect(label("2026-11-24T13:05:22Z", .hour, "Etc/UTC") == "2026-11-24T13:00:00+00:00")
  }

  @Test func fallBackGivesTwoHoursWithTheSameClockTime() {
    // America/New_York leaves DST on 2026-11-01 at 06:00Z: 01:00 local happens twice.
    let first = label("2026-11-01T05:30:00Z", .hour, "America/New_York")
    let second = label("2026-11-01T06:30:00Z", .hour, "America/New_York")
    #expect(first == "2026-11-01T01:00:00-04:00")
    #expect(second == "2026-11-01T01:00:00-05:00")
  }

  /// A day, week or month that contains a DST change is one bucket: events before and after the
  /// change land in the same bucket, whose start is the first instant of the local day.
  @Test(arguments: [BucketSize.day, .week, .month])
  func aDSTChangeDoesNotSplitDaysWeeksOrMonths(size: BucketSize) {
    var calendar = BucketCalendar(size: size, zone: TimeZone(identifier: "Europe/Berlin")!, zoneName: "Europe/Berlin")
    // Berlin leaves DST on 2026-10-25 at 01:00Z.
    let before = calendar.bucket(for: InstantText.parse("2026-10-25T00:30:00Z")!)
    let after = calendar.bucket(for: InstantText.parse("2026-10-25T12:00:00Z")!)
    #expect(before == after)
    if size == .day { #expect(before.startInstant == InstantText.parse("2026-10-24T22:00:00Z")!.seconds) }
  }

  @Test func springForwardAndHalfHourZones() {
    #expect(label("2026-03-29T01:30:00Z", .hour, "Europe/Berlin") == "2026-03-29T03:00:00+02:00")
    #expect(label("2026-03-29T00:59:59Z", .hour, "Europe/Berlin") == "2026-03-29T01:00:00+01:00")
    #expect(label("2026-11-24T04:45:00Z", .hour, "Asia/Kolkata") == "2026-11-24T10:00:00+05:30")
    #expect(label("2026-11-24T23:30:00Z", .day, "Asia/Kolkata") == "2026-11-25")
  }

  @Test func daysFollowTheZone() {
    #expect(label("2026-11-24T23:30:00Z", .day, "UTC") == "2026-11-24")
    #expect(label("2026-11-24T23:30:00Z", .day, "Europe/Berlin") == "2026-11-25")
    #expect(label("2026-11-25T03:00:00Z", .day, "America/Los_Angeles") == "2026-11-24")
  }

  @Test func isoWeeksStartOnMonday() {
    #expect(label("2026-11-24T12:00:00Z", .week, "UTC") == "2026-11-23")  // a Tuesday
    #expect(label("2026-11-23T00:00:00Z", .week, "UTC") == "2026-11-23")  // the Monday itself
    #expect(label("2026-11-29T23:59:59Z", .week, "UTC") == "2026-11-23")  // the Sunday
    #expect(label("2027-01-01T12:00:00Z", .week, "UTC") == "2026-12-28")  // across the year
    #expect(label("2026-01-01T12:00:00Z", .week, "UTC") == "2025-12-29")
    #expect(label("2026-11-29T23:30:00Z", .week, "Europe/Berlin") == "2026-11-30")
  }

  @Test func monthsAndLeapDays() {
    #expect(label("2024-02-29T23:00:00Z", .month, "UTC") == "2024-02-01")
    #expect(label("2026-11-30T23:30:00Z", .month, "Europe/Berlin") == "2026-12-01")
    #expect(label("1970-01-01T00:30:00+01:00", .month, "UTC") == "1969-12-01")
  }

  @Test func civilDatesRoundTrip() {
    for days in stride(from: Int64(-800), through: 90_000, by: 37) {
      let date = CivilDate(daysSinceEpoch: days)
      #expect(date.daysSinceEpoch == days)
      #expect(CivilDate.isValid(year: date.year, month: date.month, day: date.day))
    }
    #expect(CivilDate(year: 1970, month: 1, day: 1).isoWeekday == 4)
    #expect(CivilDate(year: 2026, month: 11, day: 23).isoWeekday == 1)
  }
}
