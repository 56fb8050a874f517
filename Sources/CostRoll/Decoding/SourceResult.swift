/// What reading one source produced besides its valid events (which went to the shards): its
/// rejections, its line counts and its file report.
public struct SourceResult: Sendable {
  /// Every rejection, or only the first `keptRejections` when they were also spooled to disk.
  public var rejections: [Rejection] = []
  public var counts = LineCounts()
  public var file: FileReport
}
