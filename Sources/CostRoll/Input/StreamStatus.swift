/// Whether a source's byte stream was read to its proper end.
public enum StreamStatus: String, Sendable {
  /// Plain text, or gzip whose members all ended properly.
  case ok
  /// The data ends inside a gzip member.
  case truncated
  /// A bad gzip header, bad deflate data, a bad CRC or length, or bytes after a complete member
  /// that do not start a new one.
  case corrupt
}

/// How reading one source ended.
public struct StreamOutcome: Sendable, Equatable {
  /// Bytes read from the file (on disk, compressed).
  public var bytesRead: Int
  public var status: StreamStatus
  /// What was wrong, with the byte offset; `nil` when `status` is `.ok`.
  public var detail: String?
}
