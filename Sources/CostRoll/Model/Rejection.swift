/// A line that is not a valid event: data to count and report, never an exception.
public struct Rejection: Sendable {
  public var origin: LineOrigin
  public var reason: RejectReason
  /// The top-level field at fault, or `nil` when the line as a whole is.
  public var field: String?
  /// What is wrong, for a person.
  public var detail: String
  /// The line's bytes, or its first 65,536 bytes for an over-long line.
  public var raw: [UInt8]
  /// For an over-long line: its full length in bytes; `nil` otherwise.
  public var rawBytes: Int?

  public init(
    origin: LineOrigin, reason: RejectReason, field: String?, detail: String, raw: [UInt8],
    rawBytes: Int? = nil
  ) {
    self.origin = origin
    self.reason = reason
    self.field = field
    self.detail = detail
    self.raw = raw
    self.rawBytes = rawBytes
  }
}
