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
  ///
  /// A source named in `pastSources` is a file an earlier run read (a nightly run's kept
  /// copies): when it is gone or no longer holds a wanted line, that line is given as empty
  /// instead, so the kept copy wins a tie on `created_at` and a conflict lists it with an empty
  /// `raw`; a run over the files as they are now could not have seen that line either.
  static func lines(
    _ wanted: [(origin: LineOrigin, lineHash: UInt64?)], sources: [InputSource], pastSources: Set<String> = []
  ) throws(CostRollError) -> [LineOrigin: [UInt8]] {
    guard !wanted.isEmpty else { return [:] }
    let sourceByName = Dictionary(sources.map { ($0.name, $0) }) { first, _ in first }
    let groups = Array(Dictionary(grouping: wanted, by: \.origin.source))
    let found = try ParallelWork.map(count: groups.count) { index throws(CostRollError) -> [LineOrigin: [UInt8]] in
      let (name, lines) = groups[index]
      guard let source = sourceByName[name] else {
        throw .readFailed(path: name, reason: "not among this run's inputs")
      }
      guard pastSources.contains(name) else {
        let scanned = try scan(lines, from: source)
        if let line = scanned.firstAbsent { throw .inputChanged(path: source.name, line: line) }
        return scanned.found
      }
      // A past source gives what it still holds, the other lines empty (all of them when it
      // cannot be read at all).
      var found = Dictionary(lines.map { ($0.origin, [UInt8]()) }) { first, _ in first }
      if let scanned = try? scan(lines, from: source) { found.merge(scanned.found) { _, read in read } }
      return found
    }
    return found.reduce(into: [:]) { all, part in all.merge(part) { first, _ in first } }
  }

  /// Reads `source` up to the last of `wanted`'s lines, in one pass: the lines that are there
  /// as they were (the hash of one of the copies wanted there, when given), and the first
  /// wanted line that is not. Two copies can want one line when a file rewritten in place is
  /// both a new input and a kept copy's file: the line now there serves both.
  private static func scan(
    _ wanted: [(origin: LineOrigin, lineHash: UInt64?)], from source: InputSource
  ) throws(CostRollError) -> (found: [LineOrigin: [UInt8]], firstAbsent: Int?) {
    var hashes: [Int: [UInt64?]] = [:]
    for (origin, hash) in wanted { hashes[origin.line, default: []].append(hash) }
    let last = hashes.keys.max() ?? 0
    var found: [LineOrigin: [UInt8]] = [:]
    var reachedLast = false
    let isDone = { reachedLast }
    _ = try SourceLineReader.read(source, isDone: isDone) { piece in
      guard case .line(let bytes, let number) = piece, let expected = hashes[number] else { return }
      if number >= last { reachedLast = true }
      guard expected.contains(where: { $0 == nil || $0 == LineHash.of(bytes) }) else { return }
      found[LineOrigin(source: source.name, line: number)] = Array(bytes)
    }
    return (found, hashes.keys.filter { found[LineOrigin(source: source.name, line: $0)] == nil }.min())
  }
}
