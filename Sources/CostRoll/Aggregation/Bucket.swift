/// The time bucket sizes a report can group by.
public enum BucketSize: String, CaseIterable, Sendable {
  case hour, day, week, month
}

/// One time bucket: its local start and the zone's offset there.
///
/// Two buckets with the same local start but different offsets (the two 01:00 hours of a DST
/// fall-back) are different buckets.
public struct Bucket: Hashable, Sendable, Comparable {
  /// Local wall-clock seconds since 1970-01-01T00:00 of the bucket's start.
  public var localStart: Int64
  /// The zone's offset from UTC at the events in it, in seconds.
  public var offsetSeconds: Int32

  /// The bucket's start as an instant; buckets sort by it.
  public var startInstant: Int64 { localStart - Int64(offsetSeconds) }

  public static func < (lhs: Bucket, rhs: Bucket) -> Bool {
    lhs.startInstant != rhs.startInstant ? lhs.startInstant < rhs.startInstant : lhs.offsetSeconds < rhs.offsetSeconds
  }
}
