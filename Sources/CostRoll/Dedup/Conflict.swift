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

extension Conflict {
  /// A conflict found before its line was read (the line spool had not kept it): everything
  /// but the line, and the line's hash to check it against when it is read again.
  public struct AwaitingLine: Sendable {
    /// The shared id (canonical spelling).
    public var id: EventID
    /// Where the dropped copy was read: the line to read again.
    public var origin: LineOrigin
    /// Where the kept copy (the winner) was read.
    public var kept: LineOrigin
    /// The dropped copy's line hash (`LineHash`) when first read, if known.
    public var lineHash: UInt64?

    /// The conflict, with its line.
    public func conflict(raw: [UInt8]) -> Conflict { Conflict(id: id, origin: origin, kept: kept, raw: raw) }
  }
}
