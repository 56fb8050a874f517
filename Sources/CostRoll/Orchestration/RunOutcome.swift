/// What a run produced and how it should exit.
public struct RunOutcome: Sendable {
  public var summary: RunSummary
  /// The first `RunPlan.keptRejections` rejections by (source, line); `rejects.jsonl` has
  /// every one, and the summary counts them all. (Conflicts are only counted here; they are in
  /// `conflicts.jsonl`.)
  public var rejections: [Rejection]
  /// Output files written, in writing order.
  public var written: [String]
  public var status: ExitStatus
}
