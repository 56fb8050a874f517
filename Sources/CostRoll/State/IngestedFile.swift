/// One input file in the state store's manifest: ingested once per content hash, whatever its
/// name, so a file delivered again (even renamed) is skipped and a changed file is read again.
public struct IngestedFile: Sendable, Equatable {
  /// The path it was read from.
  public var path: String
  public var bytes: Int
  /// SHA-256 of the file's bytes, lowercase hex.
  public var contentHash: String
  public var status: StreamStatus
  public var detail: String?
  public var counts: LineCounts
  /// The run that ingested it.
  public var runID: Int64
  /// Its modification time when read (nanoseconds since the epoch): with its path and size, it
  /// lets a later run skip hashing a file it has already read (see `PipelineRunner`).
  public var modifiedNanoseconds: Int64

  public init(
    path: String, bytes: Int, contentHash: String, status: StreamStatus, detail: String?, counts: LineCounts,
    runID: Int64, modifiedNanoseconds: Int64
  ) {
    self.path = path
    self.bytes = bytes
    self.contentHash = contentHash
    self.status = status
    self.detail = detail
    self.counts = counts
    self.runID = runID
    self.modifiedNanoseconds = modifiedNanoseconds
  }
}
