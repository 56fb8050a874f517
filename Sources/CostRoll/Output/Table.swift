/// Rows and typed columns, the one shape every report and snapshot takes before it is
/// written as CSV or JSON, so both formats always agree.
public struct Table: Sendable, Equatable {
  /// How a column's cells are written.
  public enum Kind: Sendable, Equatable {
    /// A group-by key: text or null, formula-guarded in CSV.
    case key
    /// Other text (bucket starts, instants): a JSON string.
    case text
    /// An exact decimal: a JSON string.
    case decimal
    /// A count: a JSON number.
    case count
  }

  public struct Column: Sendable, Equatable {
    public var name: String
    public var kind: Kind
    public init(_ name: String, _ kind: Kind) {
      self.name = name
      self.kind = kind
    }
  }

  /// One cell: `nil` is null (an empty CSV cell).
  public typealias Cell = String?

  public var columns: [Column]
  public var rows: [[Cell]]

  public init(columns: [Column], rows: [[Cell]] = []) {
    self.columns = columns
    self.rows = rows
  }
}
