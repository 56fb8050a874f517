import Foundation

/// The file formats a table can be written in.
public enum TableFormat: String, CaseIterable, Sendable {
  case csv, json

  /// The file extension.
  public var fileExtension: String { rawValue }

  /// Rows per chunk when a big table is rendered on all cores.
  static let chunkRows = 20_000

  /// `table` in this format. A big table is rendered in chunks of rows on all cores and the
  /// chunks joined in order, since rendering is serial work after the parallel stages.
  public func render(_ table: Table) -> [UInt8] { render(TableChunks(table)) }

  /// `chunks` in this format, spelled on all cores and joined in order.
  public func render(_ chunks: TableChunks) -> [UInt8] {
    var pieces: [[UInt8]] = []
    // The whole is held anyway: every chunk is spelled at once, then the pieces are joined.
    chunks.spell([self], chunksAtOnce: chunks.chunkCount) { _, piece in pieces.append(piece) }
    var out: [UInt8] = []
    out.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
    for piece in pieces { out.append(contentsOf: piece) }
    return out
  }

  /// What a file with `columns` starts with: the CSV header, or JSON's `[`.
  func opening(_ columns: [Table.Column]) -> [UInt8] {
    switch self {
    case .csv: CSVText.header(columns)
    case .json: [UInt8(ascii: "[")]
    }
  }

  /// The rows of `part`, a run of a table's rows, to follow `separator(first:)`.
  func body(_ part: Table) -> [UInt8] {
    var out: [UInt8] = []
    switch self {
    case .csv: CSVText.appendRows(part, 0..<part.rows.count, into: &out)
    case .json: Self.appendJSONRows(part, into: &out)
    }
    return out
  }

  /// What goes before a non-empty body: in JSON, a line end after `[` (`first`) or a comma
  /// and a line end after the rows before.
  func separator(first: Bool) -> [UInt8] {
    guard self == .json else { return [] }
    return first ? [0x0A] : [UInt8(ascii: ","), 0x0A]
  }

  /// What a file ends with, after its rows (if `hasRows`).
  func closing(hasRows: Bool) -> [UInt8] {
    guard self == .json else { return [] }
    return hasRows ? [0x0A, UInt8(ascii: "]"), 0x0A] : [UInt8(ascii: "]"), 0x0A]
  }

  /// The JSON rows of `table`: each an object keyed by column name on its own line, the lines
  /// joined by a comma (none after the last, and no line end); decimals and text as strings,
  /// counts as numbers, nulls as null.
  static func appendJSONRows(_ table: Table, into out: inout [UInt8]) {
    // Each member's `"name":` prefix is spelled once; cells are written straight into `out`.
    let prefixes = table.columns.enumerated().map { index, column -> [UInt8] in
      var prefix: [UInt8] = index == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: ",")]
      JSONText.string(column.name.utf8, into: &prefix)
      return prefix + [UInt8(ascii: ":")]
    }
    for rowIndex in table.rows.indices {
      if rowIndex > 0 { out += [UInt8(ascii: ","), 0x0A] }
      for (index, cell) in table.rows[rowIndex].enumerated() {
        out += prefixes[index]
        if table.columns[index].kind == .count, var cell {
          cell.withUTF8 { out.append(contentsOf: $0) }
        } else {
          JSONText.string(cell, into: &out)
        }
      }
      out.append(UInt8(ascii: "}"))
    }
  }
}
