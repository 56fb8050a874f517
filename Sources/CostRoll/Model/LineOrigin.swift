/// Where a line came from: the source as named in outputs, and its 1-based line number.
public struct LineOrigin: Hashable, Comparable, Sendable {
  /// The path as given (directory argument joined with the relative path), or `-` for stdin.
  public var source: String
  /// 1-based line number in the source's (decompressed) stream.
  public var line: Int

  public init(source: String, line: Int) {
    self.source = source
    self.line = line
  }

  /// Byte-wise by source, then by line number: the order of `rejects.jsonl` and `conflicts.jsonl`.
  public static func < (lhs: LineOrigin, rhs: LineOrigin) -> Bool {
    lhs.source != rhs.source ? lhs.source.utf8Precedes(rhs.source) : lhs.line < rhs.line
  }
}
