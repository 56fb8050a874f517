import CostRoll
import Foundation
import GRDB

/// The embedded state store: one SQLite file, opened through GRDB and migrated to the latest
/// schema (`StoreMigrations`) when opened.
///
/// SQLite's rollback journal makes each `write` all-or-nothing, also when the process is
/// killed: the next open rolls an interrupted transaction back.
public final class SQLiteStateStore: StateStore {
  /// The file's path.
  public let path: String
  private let queue: DatabaseQueue

  /// Opens (creating it and its directory when needed) and migrates the store at `path`.
  public init(path: String) throws(CostRollError) {
    self.path = path
    do {
      let directory = (path as NSString).deletingLastPathComponent
      if !directory.isEmpty {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      }
      var configuration = Configuration()
      configuration.prepareDatabase { db in
        // 16 MB page cache: a run appends its kept events to a part of its own in key order
        // (`KeptParts`), so a small cache serves, and a new night stays within 300 MB.
        try db.execute(sql: "PRAGMA cache_size = -16384")
      }
      queue = try DatabaseQueue(path: path, configuration: configuration)
      let applied = try queue.read { db in try StoreMigrations.migrator.appliedMigrations(db) }
      try StoreMigrations.migrator.migrate(queue)
      // A store whose kept events held whole lines is mostly free pages once they are moved into
      // compact records: the file is rewritten once to give that space back.
      if !applied.isEmpty && !applied.contains(StoreMigrations.compactRecords) { try queue.vacuum() }
    } catch {
      throw .stateFailed(path: path, reason: String(describing: error))
    }
  }

  /// The names of the migrations applied, oldest first.
  public func appliedMigrations() throws(CostRollError) -> [String] {
    do {
      return try queue.read { db in try StoreMigrations.migrator.appliedMigrations(db) }
    } catch {
      throw .stateFailed(path: path, reason: String(describing: error))
    }
  }

  public func write<T>(_ body: (any StateTransaction) throws(CostRollError) -> T) throws(CostRollError) -> T {
    try perform(writing: true, body)
  }

  public func read<T>(_ body: (any StateTransaction) throws(CostRollError) -> T) throws(CostRollError) -> T {
    try perform(writing: false, body)
  }

  private func perform<T>(
    writing: Bool, _ body: (any StateTransaction) throws(CostRollError) -> T
  ) throws(CostRollError) -> T {
    // GRDB's closures throw untyped errors: ours pass through them and are caught as they were.
    do {
      return try withoutActuallyEscaping(body) { body in
        let work = { (db: Database) throws -> T in try body(SQLiteStateTransaction(db: db, path: self.path)) }
        return writing ? try queue.write(work) : try queue.read(work)
      }
    } catch let error as CostRollError {
      throw error
    } catch {
      throw .stateFailed(path: path, reason: String(describing: error))
    }
  }
}
