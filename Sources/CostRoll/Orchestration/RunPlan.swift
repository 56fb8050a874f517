import Foundation

/// Everything one run needs, typed and checked: what the command-line flags become before the
/// core runs.
public struct RunPlan: Sendable {
  /// What to produce.
  public enum Job: Sendable {
    case report(ReportPlan)
    case snapshot(SnapshotPlan)
    /// Check inputs only; outputs (summary, rejects, conflicts) only when a directory is given.
    case validate
  }

  /// Files, directories or `-`, as given.
  public var inputs: [String]
  /// Where outputs go; `nil` only for `validate`.
  public var outputDirectory: String?
  /// The largest acceptable share of rejected lines among non-blank lines (0…1); `nil` means
  /// any number of rejects is fine.
  public var maxRejectRate: Double?
  /// The default of `--max-reject-rate` and a pipeline's `max_reject_rate`: 1% of non-blank
  /// lines, so a night of garbage alerts unless the operator says otherwise.
  public static let defaultMaxRejectRate = 0.01
  /// Whether inputs that hold no file at all make a clean run (`--allow-empty`) rather than a
  /// failure.
  public var allowEmpty = false
  /// Whether outputs an earlier run left in `outputDirectory` that this run does not write are
  /// removed (`--clean`) rather than only named.
  public var cleanOutputs = false
  public var categories: CategoryRules
  public var job: Job
  /// Memory dedup may use before it spills its shards to disk.
  public var memoryBudgetBytes: Int
  /// How many rejections the run's outcome lists (the first, by source and line); every one of
  /// them is in `rejects.jsonl`, which is spelled from disk (`RejectSpool`). Each file keeps at
  /// most this many in memory while it is read.
  public var keptRejections = RunPlan.defaultKeptRejections

  /// The default for `keptRejections`.
  public static let defaultKeptRejections = 100

  /// The default memory budget: 256 MiB. Shards spilled to `$TMPDIR` stay in the page cache
  /// on a machine with memory to spare, so spilling early costs little time, while a smaller
  /// process leaves memory to the rest of the machine.
  public static let defaultMemoryBudgetBytes = 256 << 20

  public init(
    inputs: [String], outputDirectory: String?, maxRejectRate: Double?, categories: CategoryRules = .standard,
    memoryBudgetBytes: Int = RunPlan.defaultMemoryBudgetBytes, job: Job
  ) {
    self.inputs = inputs
    self.outputDirectory = outputDirectory
    self.maxRejectRate = maxRejectRate
    self.categories = categories
    self.memoryBudgetBytes = memoryBudgetBytes
    self.job = job
  }
}

/// A report's shape: keys, bucket, zone, formats and window.
public struct ReportPlan: Sendable {
  public var keys: [GroupKey]
  public var bucket: BucketSize?
  public var zone: TimeZone
  /// The zone's name as given (`UTC` labels hours with `Z`).
  public var zoneName: String
  public var formats: [TableFormat]
  /// Inclusive start of the window on `timestamp`.
  public var from: Instant?
  /// Exclusive end of the window.
  public var to: Instant?

  public init(
    keys: [GroupKey], bucket: BucketSize?, zoneName: String, formats: [TableFormat], from: Instant?, to: Instant?
  ) throws(CostRollError) {
    guard Set(keys).count == keys.count else {
      throw .usage("--group-by names a key twice", hint: "list each key once, e.g. --group-by user_id,service")
    }
    guard let zone = TimeZone(identifier: zoneName) else {
      throw .usage("unknown time zone '\(zoneName)'", hint: "use an IANA zone name such as UTC or Europe/Berlin")
    }
    if let from, let to, !(from < to) {
      throw .usage("--from must be before --to", hint: "the window is from ≤ timestamp < to")
    }
    self.keys = keys
    self.bucket = bucket
    self.zone = zone
    self.zoneName = zoneName
    self.formats = formats.isEmpty ? TableFormat.allCases : formats
    self.from = from
    self.to = to
  }

  /// Whether `instant` is inside the window.
  func contains(_ instant: Instant) -> Bool {
    if let from, instant < from { return false }
    if let to, !(instant < to) { return false }
    return true
  }
}

/// The `user_costs` snapshot's settings.
public struct SnapshotPlan: Sendable {
  /// Fills `cost_calculated_at`; does not filter.
  public var asOf: Instant
  public var assignUnattributedTo: UUIDValue?

  public init(asOf: Instant, assignUnattributedTo: UUIDValue?) {
    self.asOf = asOf
    self.assignUnattributedTo = assignUnattributedTo
  }
}
