import Synchronization

/// Watches a sample of ids for first copies that dedup would have to read again deep in their
/// files, and once it sees one, tells the line spool to keep every line from then on.
///
/// The spool leaves out the first copy of each id (`LineSpool`), which pays when copies of an id
/// are near each other in the input, as retries are: the few first copies dedup needs are then
/// near the start of their file, and reading them again is cheap. When the input's lines are in
/// random order, needed first copies are spread through every file, and reading them again
/// would decompress nearly every file a second time (the benchmark's 1 M events shuffled into 8
/// files: 3.74–3.95 s against 2.65–2.88 s with every line kept). So for one id in 16 (by the
/// filter's hash) the first copy's line number, `created_at` and line hash are noted; a later
/// copy that the first copy does not beat (earliest `created_at` first) and whose line differs
/// means the first copy may be needed, and if that first copy lies past line 5,000 of its file
/// (about 2 MB of JSON), the spool keeps every line from then on. Lines left out before are
/// read again as usual, from the files read so far, up to about where the switch came.
final class FirstCopyWatch: Sendable {
  /// Ids whose filter hash has these bits clear are watched.
  static let sampleMask: UInt64 = 15
  /// A first copy deeper than this in its file is costly to read again.
  static let deepLine = 5_000
  /// At most this many first copies are noted (about 4 MB), so that the watch does not grow
  /// with the input: the first million or so lines of a run give it enough pairs.
  static let maxNoted = 1 << 16

  private struct FirstCopy {
    let line: Int
    let createdAt: Instant?
    let lineHash: UInt64
  }

  private let firstCopies = Mutex<[UInt64: FirstCopy]>([:])
  private let keepsEveryLine = Atomic<Bool>(false)

  /// Whether the spool should keep every line from now on.
  var keepsAll: Bool { keepsEveryLine.load(ordering: .relaxed) }

  /// Notes a copy of the id whose filter hash is `key`, read at line `line` of its source.
  func note(key: UInt64, line: Int, createdAt: Instant?, lineHash: UInt64) {
    guard key & Self.sampleMask == 0, !keepsAll else { return }
    firstCopies.withLock { copies in
      guard let first = copies[key] else {
        if copies.count < Self.maxNoted {
          copies[key] = FirstCopy(line: line, createdAt: createdAt, lineHash: lineHash)
        }
        return
      }
      let firstWins: Bool
      switch (first.createdAt, createdAt) {
      case (let a?, let b?): firstWins = a < b
      case (.some, nil): firstWins = true
      default: firstWins = false
      }
      if !firstWins && first.lineHash != lineHash && first.line > Self.deepLine {
        keepsEveryLine.store(true, ordering: .relaxed)
      }
    }
  }

  /// Forgets the noted copies (the sources are read).
  func clear() { firstCopies.withLock { $0 = [:] } }
}
