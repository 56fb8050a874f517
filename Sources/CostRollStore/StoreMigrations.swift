import GRDB

/// The state store's schema, as versioned, append-only migrations: a released migration is
/// never edited; a change is a new migration at the end.
public enum StoreMigrations {
  /// The migration that moves kept events into compact records without their lines.
  static let compactRecords = "v6: kept events as compact records, without their lines"

  /// Every migration, oldest first.
  public static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: manifest, kept events, published rows, runs") { db in
      try db.create(table: IngestedFileRow.databaseTableName) { table in
        table.primaryKey("content_hash", .text)
        table.column("path", .text).notNull()
        table.column("bytes", .integer).notNull()
        table.column("status", .text).notNull()
        table.column("detail", .text)
        table.column("lines_read", .integer).notNull()
        table.column("blank_lines", .integer).notNull()
        table.column("events_valid", .integer).notNull()
        table.column("rejected", .integer).notNull()
        table.column("counts_json", .text).notNull()
        table.column("run_id", .integer).notNull()
      }
      try db.create(table: "kept_event") { table in
        table.autoIncrementedPrimaryKey("rowid")
        table.column("id", .text).notNull().unique()
        table.column("user_id", .text)
        table.column("timestamp_seconds", .integer).notNull()
        table.column("timestamp_nanos", .integer).notNull()
        table.column("source", .text).notNull()
        table.column("line", .integer).notNull()
        table.column("raw", .blob).notNull()
        table.column("record", .blob).notNull()
      }
      try db.create(table: "published_row") { table in
        table.column("report", .text).notNull()
        table.column("keys_json", .text).notNull()
        table.column("bucket", .text).notNull()
        table.column("total", .text).notNull()
        table.primaryKey(["report", "keys_json", "bucket"])
      }
      try db.create(table: RunRow.databaseTableName) { table in
        table.primaryKey("id", .integer)
        table.column("name", .text).notNull().unique()
        table.column("started_at", .text).notNull()
        table.column("as_of", .text).notNull()
        table.column("counts_json", .text).notNull()
        table.column("duplicates", .integer).notNull()
        table.column("conflicts", .integer).notNull()
        table.column("events_unique", .integer).notNull()
        table.column("events_changed", .integer).notNull()
        table.column("restatements", .integer).notNull()
      }
    }
    migrator.registerMigration("v2: index kept events by user for costroll events") { db in
      try db.create(
        index: "kept_event_by_user", on: "kept_event",
        columns: ["user_id", "timestamp_seconds", "timestamp_nanos", "id"])
    }
    migrator.registerMigration("v3: when each file was ingested") { db in
      try db.alter(table: IngestedFileRow.databaseTableName) { table in
        table.add(column: "ingested_at", .text).notNull().defaults(to: "")
      }
    }
    migrator.registerMigration("v4: partial aggregates instead of published rows") { db in
      try db.create(table: AggregateCellRow.databaseTableName, options: [.withoutRowID]) { table in
        table.column("aggregate", .text).notNull()
        table.column("key", .blob).notNull()
        table.column("value", .blob).notNull()
        table.primaryKey(["aggregate", "key"])
      }
      try db.create(table: AggregateDefinitionRow.databaseTableName) { table in
        table.primaryKey("aggregate", .text)
        table.column("fingerprint", .text).notNull()
      }
      try db.drop(table: "published_row")
    }
    migrator.registerMigration("v5: file modification times, to skip hashing files already read") { db in
      try db.alter(table: IngestedFileRow.databaseTableName) { table in
        table.add(column: "modified_ns", .integer).notNull().defaults(to: 0)
      }
      try db.create(index: "ingested_file_by_path", on: IngestedFileRow.databaseTableName, columns: ["path"])
    }
    migrator.registerMigration(compactRecords) { db in
      try KeptEventsUpgrade.run(db)
    }
    return migrator
  }
}
