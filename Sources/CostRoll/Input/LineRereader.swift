/// Reads chosen lines of sources a second time: the few lines dedup needs that the line spool
/// did not keep (`LineSpool`: the first copy of an id is not kept).
///
/// Each source with wanted lines is read from its start up to its last wanted line (the
/// sources in parallel), so the cost is the wanted lines' depth in their files, not their
/// number. On the benchmark's files such lines are copies near the start of the next day's file
/// (read at the same time as the day before by the other core).
enum LineRereader {
  /// The lines at each origin of `wanted`, read again from `sources` (by name; a name given
  /// twice is the same file). A line whose hash (`LineHash`, when given) is not the one it had
  /// when first read, or that is not there any more, means the file changed during the run: that
  /// is `CostRollError.inputChanged`, naming the file and line.
  static func lines(
    _ wanted: [(origin: LineOrigin, lineHash: UInt64?)], sources: [InputSource]
  ) throws(CostRollError) -> [LineOrigin: [UInt8]] {
    guard !wanted.isEmpty else { return [:] }
    let sourceByName = Dictionary(sources.map { ($0.name, $0) }) { first, _ in first }
    let groups = Array(Dictionary(grouping: wanted, by: \.origin.source))
    let found = try ParallelWork.map(count: groups.count) { index throws(CostRollError) -> [LineOrigin: [UInt8]] in
      let (name, lines) = groups[index]
      guard let source = sourceByName[name] else {
        throw .readFailed(path: name, reason: "not among this run's inputs")
      }
      return try read(lines, from: source)
    }
    return found.reduce(into: [:]) { all, part in all.merge(part) { first, _ in first } }
  }

  /// Reads `source` up to the last of `wanted`'s lines and returns them.
  private static func read(
    _ wanted: [(origin: LineOrigin, lineHash: UInt64?)], from source: InputSource
  ) throws(CostRollError) -> [LineOrigin: [UInt8]] {
    var hashes: [Int: UInt64?] = [:]
    for (origin, hash) in wanted { hashes[origin.line] = hash }
    let last = hashes.keys.max() ?? 0
    var found: [LineOrigin: [UInt8]] = [:]
    var changed: Int?
    var reachedLast = false
    let isDone = { reachedLast }
    _ = try SourceLineReader.read(source, isDone: isDone) { piece in
      guard case .line(let bytes, let number) = piece, let expected = hashes[number] else { return }
      if number >= last { reachedLast = true }
      if let expected, LineHash.of(bytes) != expected {
        changed = changed ?? number
        return
      }
      found[LineOrigin(source: source.name, line: number)] = Array(bytes)
    }
    let missing = hashes.keys.filter { found[LineOrigin(source: source.name, line: $0)] == nil }.min()
    if let line = [changed, missing].compactMap({ $0 }).min() { throw .inputChanged(path: source.name, line: line) }
    return found
  }
}
