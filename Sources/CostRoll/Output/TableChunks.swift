import Foundation

/// A table whose rows are spelled a chunk at a time, on all cores, and written in every format
/// from the same chunk, so that a big report's cells and bytes never all exist at once.
///
/// At the end of a 5 M-event report by user × service × day (395 k rows), spelling every cell
/// into one `Table` and then each format into one buffer held about 120 MB of cells and 90 MB
/// of bytes (twice, while the chunks were joined); the peak fell from 435–443 MB to 338–352 MB
/// when the cells were spelled chunk by chunk (`/usr/bin/time`, 2 runs each).
public struct TableChunks: Sendable {
  public let columns: [Table.Column]
  /// How many chunks `rows(inChunk:)` spells.
  public let chunkCount: Int
  private let spell: @Sendable (Int) -> [[Table.Cell]]
  /// Chunk `i`'s rows spelled straight into each format's bytes, when the table's maker can:
  /// the same bytes as its cells would give, and how many rows.
  private let spellBytes: (@Sendable (Int, [TableFormat]) -> (rowCount: Int, bodies: [[UInt8]]))?

  /// A table of `chunkCount` chunks, the rows of chunk `i` being `spell(i)`, in order;
  /// `spellBytes`, if given, spells chunk `i` in the formats asked as `TableFormat.body` would
  /// spell `spell(i)`, and is used for writing.
  init(
    columns: [Table.Column], chunkCount: Int,
    spellBytes: (@Sendable (Int, [TableFormat]) -> (rowCount: Int, bodies: [[UInt8]]))? = nil,
    spell: @escaping @Sendable (Int) -> [[Table.Cell]]
  ) {
    self.columns = columns
    self.chunkCount = chunkCount
    self.spell = spell
    self.spellBytes = spellBytes
  }

  /// An existing table, in chunks of `TableFormat.chunkRows` rows.
  public init(_ table: Table) {
    let rows = table.rows
    let count = max(1, min(4 * ProcessInfo.processInfo.activeProcessorCount, rows.count / TableFormat.chunkRows))
    self.init(columns: table.columns, chunkCount: count) { chunk in
      Array(rows[(rows.count * chunk / count)..<(rows.count * (chunk + 1) / count)])
    }
  }

  /// The rows of chunk `chunk`.
  public func rows(inChunk chunk: Int) -> [[Table.Cell]] { spell(chunk) }

  /// Every row, as one table.
  public func table() -> Table {
    let chunks = ParallelWork.map(count: chunkCount) { spell($0) }
    var rows: [[Table.Cell]] = []
    rows.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
    for chunk in chunks { rows.append(contentsOf: chunk) }
    return Table(columns: columns, rows: rows)
  }

  /// Writes the table in each of `formats` to the path at the same index in `paths`, each
  /// atomically.
  public func write(_ formats: [TableFormat], to paths: [String]) throws(CostRollError) {
    var files: [AtomicFile.Writer] = []
    for path in paths { files.append(try AtomicFile.Writer(path: path)) }
    try spell(formats) { (format, piece) throws(CostRollError) in try files[format].append(piece) }
    // Synced at once, as `CostRollRunner` writes its other outputs.
    let written = files
    _ = try ParallelWork.map(count: written.count) { index throws(CostRollError) in try written[index].commit() }
  }

  /// Hands `emit` the pieces of the file in each of `formats` (by index), in order. Chunks are
  /// spelled `chunksAtOnce` at a time (by default as many as there are cores), each chunk's
  /// cells once for every format, so only those chunks' cells and bytes exist at a time.
  func spell<Failure: Error>(
    _ formats: [TableFormat], chunksAtOnce: Int = ProcessInfo.processInfo.activeProcessorCount,
    emit: (Int, [UInt8]) throws(Failure) -> Void
  ) throws(Failure) {
    let columns = columns
    let spellBytes = spellBytes
    for index in formats.indices { try emit(index, formats[index].opening(columns)) }
    var hasRows = false
    let batch = max(1, chunksAtOnce)
    for start in stride(from: 0, to: chunkCount, by: batch) {
      let count = min(batch, chunkCount - start)
      let bodies = ParallelWork.map(count: count) { offset -> [[UInt8]]? in
        if let spellBytes {
          let spelled = spellBytes(start + offset, formats)
          return spelled.rowCount == 0 ? nil : spelled.bodies
        }
        let part = Table(columns: columns, rows: spell(start + offset))
        return part.rows.isEmpty ? nil : formats.map { $0.body(part) }
      }
      for case let pieces? in bodies {
        for index in formats.indices {
          try emit(index, formats[index].separator(first: !hasRows))
          try emit(index, pieces[index])
        }
        hasRows = true
      }
    }
    for index in formats.indices { try emit(index, formats[index].closing(hasRows: hasRows)) }
  }
}
