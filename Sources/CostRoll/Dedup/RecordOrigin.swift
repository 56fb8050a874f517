/// Where a shard record was read: its source's number in the run's source list, its line, and
/// its line's hash (`LineHash`) when the record carries one.
public struct RecordOrigin: Sendable {
  public var source: Int32
  public var line: Int
  public var lineHash: UInt64?
}
