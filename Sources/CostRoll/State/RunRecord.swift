/// One finished pipeline run, as the state store lists it: the run's own counts (the lines of
/// the files it ingested) and what it changed. Cumulative counts are the sums over runs.
public struct RunRecord: Sendable, Equatable {
  public var id: Int64
  /// The run directory's name under `runs/`.
  public var name: String
  /// When it started (UTC, output instant format).
  public var startedAt: String
  /// The as-of instant its windows and snapshot used.
  public var asOf: String
  public var counts: LineCounts
  public var duplicates: Int
  public var conflicts: Int
  /// Kept events in the store after the run.
  public var eventsUnique: Int
  /// Ids whose kept copy this run added or replaced.
  public var eventsChanged: Int
  public var restatements: Int

  public init(
    id: Int64, name: String, startedAt: String, asOf: String, counts: LineCounts, duplicates: Int, conflicts: Int,
    eventsUnique: Int, eventsChanged: Int, restatements: Int
  ) {
    self.id = id
    self.name = name
    self.startedAt = startedAt
    self.asOf = asOf
    self.counts = counts
    self.duplicates = duplicates
    self.conflicts = conflicts
    self.eventsUnique = eventsUnique
    self.eventsChanged = eventsChanged
    self.restatements = restatements
  }
}
