import GRDB

/// A row of `aggregate_definition`: what a partial aggregate was built for (its keys, grain,
/// zone, categories, format version); a pipeline whose definition changed rebuilds it.
struct AggregateDefinitionRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "aggregate_definition"

  var aggregate: String
  var fingerprint: String
}
