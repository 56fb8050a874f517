/// A valid copy of an event id whose content differs from the kept copy: dropped, and listed
/// in `conflicts.jsonl`.
public struct Conflict: Sendable {
  /// The shared id (canonical spelling).
  public var id: EventID
  /// Where the dropped copy was read.
  public var origin: LineOrigin
  /// Where the kept copy (the winner) was read.
  public var kept: LineOrigin
  /// The dropped copy's line.
  public var raw: [UInt8]
}
