/// One input's entry in the summary's `files`.
public struct FileReport: Sendable, Equatable {
  /// The source's name as used in outputs.
  public var path: String
  /// Bytes read from disk (compressed size for gzip).
  public var bytes: Int
  /// Lines in the (decompressed) stream, blank and rejected ones included.
  public var lines: Int
  public var status: StreamStatus
  public var detail: String?
}
