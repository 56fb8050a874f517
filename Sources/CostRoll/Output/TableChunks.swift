import Foundation

/// A table whose rows are spelled a chunk at a time, on all cores, and written in every format
/// from the same chunk, so that a big report's cells and bytes never all exist at once.
///
/// Spelling every cell into one `Table` and then each format into one buffer would hold a big
/// report's cells and bytes whole (about 200 MB for 395 k rows) at the end of the run.
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
      Array(rows[Self.rows(inChunk: chunk, of: count, rowCount: rows.count)])
    }
  }

  /// The rows of chunk `chunk` when `rowCount` rows are cut into `chunkCount` chunks of
  /// nearly equal size, in order.
  static func rows(inChunk chunk: Int, of chunkCount: Int, rowCount: Int) -> Range<Int> {
    (rowCount * chunk / chunkCount)..<(rowCount * (chunk + 1) / chunkCount)
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
    try write(formats, into: files)
    try AtomicFile.publish(files)
  }

  /// Writes the table in each of `formats` into the writer at the same index in `files` and
  /// finishes them (see `AtomicFile.Writer.finish()`); publishing them is the caller's.
  public func write(_ formats: [TableFormat], into files: [AtomicFile.Writer]) throws(CostRollError) {
    let written = files
    // Each format's pieces of one batch of chunks are written by a task of their own while the
    // next batch is spelled, rather than by this thread between batches.
    var pieces = formats.map { [$0.opening(columns)] }
    var hasRows = false
    let batch = ProcessInfo.processInfo.activeProcessorCount
    var start = 0
    repeat {
      let count = min(batch, chunkCount - start)
      let (toWrite, first) = (pieces, start)
      let results = try ParallelWork.map(count: count + formats.count) {
        task throws(CostRollError) -> [[UInt8]]? in
        guard task >= count else { return spellChunk(first + task, formats) }
        for piece in toWrite[task - count] { try written[task - count].append(piece) }
        return nil
      }
      pieces = formats.map { _ in [] }
      Self.gather(results.prefix(count), formats, hasRows: &hasRows) { pieces[$0].append($1) }
      start += count
    } while start < chunkCount
    for index in formats.indices { pieces[index].append(formats[index].closing(hasRows: hasRows)) }
    // The last pieces, then every file synced at once.
    let last = pieces
    _ = try ParallelWork.map(count: written.count) { index throws(CostRollError) in
      for piece in last[index] { try written[index].append(piece) }
      try written[index].finish()
    }
  }

  /// Hands `emit` the pieces of the file in each of `formats` (by index), in order. Chunks are
  /// spelled `chunksAtOnce` at a time (by default as many as there are cores), each chunk's
  /// cells once for every format, so only those chunks' cells and bytes exist at a time.
  func spell<Failure: Error>(
    _ formats: [TableFormat], chunksAtOnce: Int = ProcessInfo.processInfo.activeProcessorCount,
    emit: (Int, [UInt8]) throws(Failure) -> Void
  ) throws(Failure) {
    for index in formats.indices { try emit(index, formats[index].opening(columns)) }
    var hasRows = false
    let batch = max(1, chunksAtOnce)
    for start in stride(from: 0, to: chunkCount, by: batch) {
      let count = min(batch, chunkCount - start)
      let bodies = ParallelWork.map(count: count) { offset in spellChunk(start + offset, formats) }
      try Self.gather(bodies, formats, hasRows: &hasRows, emit)
    }
    for index in formats.indices { try emit(index, formats[index].closing(hasRows: hasRows)) }
  }

  /// Chunk `chunk` spelled in each of `formats`, or `nil` when it has no rows.
  private func spellChunk(_ chunk: Int, _ formats: [TableFormat]) -> [[UInt8]]? {
    if let spellBytes {
      let spelled = spellBytes(chunk, formats)
      return spelled.rowCount == 0 ? nil : spelled.bodies
    }
    let part = Table(columns: columns, rows: spell(chunk))
    return part.rows.isEmpty ? nil : formats.map { $0.body(part) }
  }

  /// Hands `emit` each spelled chunk's pieces, by format, each after its separator.
  private static func gather<Failure: Error>(
    _ bodies: some Sequence<[[UInt8]]?>, _ formats: [TableFormat], hasRows: inout Bool,
    _ emit: (Int, [UInt8]) throws(Failure) -> Void
  ) throws(Failure) {
    for case let chunkPieces? in bodies {
      for index in formats.indices {
        try emit(index, formats[index].separator(first: !hasRows))
        try emit(index, chunkPieces[index])
      }
      hasRows = true
    }
  }
}
