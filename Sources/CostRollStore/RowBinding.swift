import CostRoll
import GRDB
import GRDBSQLite

/// Binds one row's values straight into a prepared statement and runs it, through SQLite's C
/// API: GRDB's `StatementArguments` (an array of boxed values per row) took more time than
/// SQLite itself for the millions of kept events a first run saves.
struct RowBinding {
  private let statement: SQLiteStatement
  private var index: Int32 = 0

  /// Starts a row of `statement`, which must not be running.
  init(_ statement: Statement) {
    self.statement = statement.sqliteStatement
    sqlite3_reset(self.statement)
  }

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  mutating func bind(_ value: Int64) {
    index += 1
    sqlite3_bind_int64(statement, index, value)
  }

  mutating func bind(_ bytes: UnsafeRawBufferPointer) {
    index += 1
    sqlite3_bind_blob(
      statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient)
  }

  /// A UUID as its 16 bytes, big endian; `nil` as NULL.
  mutating func bind(_ uuid: UUIDValue?) {
    guard let uuid else {
      index += 1
      sqlite3_bind_null(statement, index)
      return
    }
    withUnsafeBytes(of: uuid.bits.bigEndian) { bind($0) }
  }

  /// An id as `KeptRow` keys it: a UUID as a blob, any other id as text.
  mutating func bind(_ id: EventID) {
    switch id {
    case .uuid(let uuid): bind(uuid)
    case .text(let text):
      index += 1
      _ = text.bytes.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { text in
          sqlite3_bind_text(
            statement, index, text.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(text.count), Self.transient)
        }
      }
    }
  }

  mutating func bind(_ text: String) {
    index += 1
    sqlite3_bind_text(statement, index, text, -1, Self.transient)
  }

  /// One result row of a statement being stepped.
  struct Result {
    fileprivate let statement: SQLiteStatement

    /// Column `column`'s bytes, valid until the next row.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
      let count = Int(sqlite3_column_bytes(statement, column))
      return UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, column), count: count)
    }
  }

  /// Runs the statement with the values bound, handing each result row to `body`.
  func forEachResult(_ body: (Result) -> Void) throws {
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else { throw failure(code) }
      body(Result(statement: statement))
    }
  }

  private func failure(_ code: Int32) -> DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))
  }

  /// Runs the statement once with the values bound.
  func run() throws {
    let code = sqlite3_step(statement)
    guard code == SQLITE_DONE else { throw failure(code) }
  }
}
