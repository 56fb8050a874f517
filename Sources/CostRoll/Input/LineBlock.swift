/// A run of consecutive line pieces of one source, copied out of the decompressed stream so
/// that another thread can read them (see `PipelinedLineReader`).
struct LineBlock {
  /// What one piece is; `LineSplitter.Piece` without the pointers.
  enum Kind {
    case line, tooLong, truncated
  }

  /// One piece: its kind, where its bytes are in `bytes`, its full length and its line number.
  struct Entry {
    var kind: Kind
    var start: Int
    var count: Int
    var totalBytes: Int
    var number: Int
  }

  /// The pieces' bytes, end to end.
  private(set) var bytes: [UInt8] = []
  private(set) var entries: [Entry] = []

  /// A block that takes about `capacity` bytes before it is full.
  init(capacity: Int) {
    bytes.reserveCapacity(capacity + LineSplitter.defaultKeptPrefixBytes)
    entries.reserveCapacity(capacity / 256)
  }

  /// Copies `piece` in.
  mutating func append(_ piece: LineSplitter.Piece) {
    let kind: Kind
    let kept: UnsafeBufferPointer<UInt8>
    let total: Int
    let number: Int
    switch piece {
    case .line(let line, let lineNumber): (kind, kept, total, number) = (.line, line, line.count, lineNumber)
    case .tooLong(let prefix, let totalBytes, let lineNumber):
      (kind, kept, total, number) = (.tooLong, prefix, totalBytes, lineNumber)
    case .truncated(let prefix, let totalBytes, let lineNumber):
      (kind, kept, total, number) = (.truncated, prefix, totalBytes, lineNumber)
    }
    entries.append(Entry(kind: kind, start: bytes.count, count: kept.count, totalBytes: total, number: number))
    bytes.append(contentsOf: kept)
  }

  /// Hands each piece to `body`, as `LineSplitter` would have (pointers valid during the call).
  func forEachPiece(_ body: (LineSplitter.Piece) -> Void) {
    bytes.withUnsafeBufferPointer { all in
      for entry in entries {
        let kept = UnsafeBufferPointer(rebasing: all[entry.start..<(entry.start + entry.count)])
        switch entry.kind {
        case .line: body(.line(kept, number: entry.number))
        case .tooLong: body(.tooLong(prefix: kept, totalBytes: entry.totalBytes, number: entry.number))
        case .truncated: body(.truncated(prefix: kept, totalBytes: entry.totalBytes, number: entry.number))
        }
      }
    }
  }

  /// Empties the block, keeping its storage.
  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    entries.removeAll(keepingCapacity: true)
  }
}
