import Foundation

/// Assigns instants to hour, day, week (ISO, Monday first) or month buckets in an IANA zone.
///
/// Zone offsets come from the system time zone database through `Foundation.TimeZone`, cached
/// per UTC hour (an hour whose start and end share one offset has no transition inside it),
/// in a small direct-mapped table in front of a dictionary, so the usual per-event cost is an
/// array read rather than a hashed lookup.
public struct BucketCalendar: Sendable {
  public let size: BucketSize
  public let zone: TimeZone
  /// Whether labels say `Z` (only for the zone named exactly `UTC`).
  public let isUTC: Bool
  private var offsetByHour: [Int64: Int32] = [:]
  /// Recent hours' offsets by `hour % recentCount`; an hour with a transition is never here.
  private var recentHours = [(hour: Int64, offset: Int32)](repeating: (Int64.min, 0), count: recentCount)
  /// The last bucket start and its offset (events of one file mostly share a day).
  private var lastStart: (localStart: Int64, offset: Int32) = (Int64.min, 0)
  private static let recentCount = 1024
  /// The offset at the first instant of each local day, week or month start seen.
  private var offsetAtStart: [Int64: Int32] = [:]

  /// A calendar for `size` buckets in `zone`.
  public init(size: BucketSize, zone: TimeZone, zoneName: String) {
    self.size = size
    self.zone = zone
    self.isUTC = zoneName == "UTC"
  }

  /// The zone's offset from UTC at `seconds` since the epoch.
  public mutating func offset(at seconds: Int64) -> Int32 {
    let hour = Int64.floorDivide(seconds, 3600)
    let slot = Int(UInt64(bitPattern: hour) % UInt64(Self.recentCount))
    if recentHours[slot].hour == hour { return recentHours[slot].offset }
    if let cached = offsetByHour[hour] {
      recentHours[slot] = (hour, cached)
      return cached
    }
    let start = Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour * 3600))))
    let end = Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour * 3600 + 3599))))
    if start == end {
      offsetByHour[hour] = start
      recentHours[slot] = (hour, start)
      return start
    }
    return Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
  }

  /// The bucket holding `instant`.
  public mutating func bucket(for instant: Instant) -> Bucket {
    let offset = offset(at: instant.seconds)
    let local = instant.seconds + Int64(offset)
    let day = Int64.floorDivide(local, 86_400)
    let start: Int64
    switch size {
    case .hour:
      start = Int64.floorDivide(local, 3600) * 3600
    case .day:
      start = day * 86_400
    case .week:
      let weekday = CivilDate(daysSinceEpoch: day).isoWeekday
      start = (day - Int64(weekday - 1)) * 86_400
    case .month:
      var date = CivilDate(daysSinceEpoch: day)
      date.day = 1
      start = date.daysSinceEpoch * 86_400
    }
    guard size != .hour else { return hourBucket(localHourStart: start, offset: offset, instant: instant.seconds) }
    // A day, week or month is one bucket even when the offset changes inside it (DST): it is
    // identified by its local start and the offset at its first instant.
    return Bucket(localStart: start, offsetSeconds: startOffset(localStart: start))
  }

  /// The hour bucket of the instant `seconds`, at `offset`, whose local hour starts at
  /// `localHourStart`. Usually it starts there; when the offset changed inside that local hour
  /// (a DST shift of 30 minutes, or any shift not on the hour), it starts at the change, so its
  /// label is the local time of its first instant with the offset in force then, and no two
  /// hours share a label.
  private mutating func hourBucket(localHourStart: Int64, offset: Int32, instant seconds: Int64) -> Bucket {
    let start = localHourStart - Int64(offset)
    guard self.offset(at: start) != offset else { return Bucket(localStart: localHourStart, offsetSeconds: offset) }
    // The first second since which the offset has been `offset`: `low` has another, `high` this.
    var (low, high) = (start, seconds)
    while high - low > 1 {
      let middle = low + (high - low) / 2
      if self.offset(at: middle) == offset { high = middle } else { low = middle }
    }
    return Bucket(localStart: high + Int64(offset), offsetSeconds: offset)
  }

  /// The offset at the first instant whose local time is `localStart` (a local midnight).
  private mutating func startOffset(localStart: Int64) -> Int32 {
    if lastStart.localStart == localStart { return lastStart.offset }
    if let cached = offsetAtStart[localStart] {
      lastStart = (localStart, cached)
      return cached
    }
    let first = CivilDate(daysSinceEpoch: Int64.floorDivide(localStart, 86_400)).midnight(in: zone)
    let offset = Int32(localStart - first.seconds)
    offsetAtStart[localStart] = offset
    lastStart = (localStart, offset)
    return offset
  }

  /// `bucket_start`: `YYYY-MM-DD` for day, week and month; for hour the local
  /// `YYYY-MM-DDTHH:MM:SS` plus the offset (`±HH:MM`, or `Z` in `UTC`).
  public func label(_ bucket: Bucket) -> String {
    let days = Int64.floorDivide(bucket.localStart, 86_400)
    let date = CivilDate(daysSinceEpoch: days).description
    guard size == .hour else { return date }
    let secondOfDay = bucket.localStart - days * 86_400
    let time =
      "T" + CivilDate.twoDigits(Int(secondOfDay / 3600)) + ":" + CivilDate.twoDigits(Int(secondOfDay / 60 % 60)) + ":"
      + CivilDate.twoDigits(Int(secondOfDay % 60))
    if isUTC { return date + time + "Z" }
    let offset = Int(bucket.offsetSeconds)
    let sign = offset < 0 ? "-" : "+"
    let minutes = abs(offset) / 60
    return date + time + sign + CivilDate.twoDigits(minutes / 60) + ":" + CivilDate.twoDigits(minutes % 60)
  }
}
