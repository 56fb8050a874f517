import Foundation

/// A checked pipeline file: everything a nightly `costroll run` needs, with relative paths
/// already resolved against the pipeline file's directory.
public struct Pipeline: Sendable {
  /// One report the pipeline writes on every run.
  public struct Report: Sendable {
    /// The file name stem: `NAME.csv`, `NAME.json`.
    public var name: String
    public var keys: [GroupKey]
    public var bucket: BucketSize?
    public var formats: [TableFormat]
    /// The window, resolved against each run's as-of instant; `nil` for all events.
    public var window: PipelineWindow?
    /// The zone of the report's buckets and window: its own `time_zone`, or the pipeline's.
    public var zoneName: String
    public var zone: TimeZone

    /// One line for `validate-pipeline` and `run --dry-run`: the report's shape and its zone.
    public var summary: String {
      let keys = keys.isEmpty ? "no keys" : "by " + keys.map(\.rawValue).joined(separator: ",")
      let bucket = bucket.map { ", " + $0.rawValue } ?? ""
      let window = window.map { ", " + $0.description } ?? ""
      let formats = formats.map(\.rawValue).joined(separator: ",")
      return "\(name): \(keys)\(bucket)\(window), time_zone \(zoneName), \(formats)"
    }
  }

  /// The `user_costs` snapshot.
  public struct Snapshot: Sendable {
    public var formats: [TableFormat]
  }

  /// The pipeline file itself.
  public var path: String
  /// Input directories, files and globs (`*`, `?`, `[...]`), in the order given.
  public var inputs: [String]
  /// The SQLite state file.
  public var statePath: String
  /// The default zone of the reports' buckets and windows (`time_zone`; each report may name
  /// its own).
  public var zoneName: String
  public var zone: TimeZone
  public var categories: CategoryRules
  public var reports: [Report]
  public var snapshot: Snapshot?
  /// Where `runs/` and `latest` live.
  public var outputDirectory: String
  /// `max_reject_rate`; `nil` (`1`, 100%) is no limit.
  public var maxRejectRate: Double?
  /// `allow_empty`: inputs that hold no file at all make a clean run instead of a failure.
  public var allowEmpty: Bool
  public var assignUnattributedTo: UUIDValue?
  /// Run directories kept under `runs/` (the newest ones); older ones are deleted.
  public var keepRuns: Int

  /// The `ReportPlan` of `report` for a run as of `asOf`: the same plan a one-off
  /// `costroll report` over the same files would use.
  public func plan(for report: Report, asOf: Instant) throws(CostRollError) -> ReportPlan {
    let range = report.window?.range(asOf: asOf, zone: report.zone)
    return try ReportPlan(
      keys: report.keys, bucket: report.bucket, zoneName: report.zoneName, formats: report.formats, from: range?.from,
      to: range?.to)
  }
}
