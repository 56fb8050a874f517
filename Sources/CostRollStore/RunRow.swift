import CostRoll
import GRDB

/// A row of `run`: one finished pipeline run.
struct RunRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "run"

  var id: Int64
  var name: String
  var startedAt: String
  var asOf: String
  var countsJSON: String
  var duplicates: Int
  var conflicts: Int
  var eventsUnique: Int
  var eventsChanged: Int
  var restatements: Int

  enum CodingKeys: String, CodingKey {
    case id, name
    case startedAt = "started_at"
    case asOf = "as_of"
    case countsJSON = "counts_json"
    case duplicates, conflicts
    case eventsUnique = "events_unique"
    case eventsChanged = "events_changed"
    case restatements
  }

  init(_ run: RunRecord) {
    id = run.id
    name = run.name
    startedAt = run.startedAt
    asOf = run.asOf
    countsJSON = LineCountsJSON.encode(run.counts)
    duplicates = run.duplicates
    conflicts = run.conflicts
    eventsUnique = run.eventsUnique
    eventsChanged = run.eventsChanged
    restatements = run.restatements
  }

  var run: RunRecord {
    RunRecord(
      id: id, name: name, startedAt: startedAt, asOf: asOf, counts: LineCountsJSON.decode(countsJSON),
      duplicates: duplicates, conflicts: conflicts, eventsUnique: eventsUnique, eventsChanged: eventsChanged,
      restatements: restatements)
  }
}
