/// What reading one source produced besides its valid events (which went to the shards): its
/// rejections, its line counts and its file report.
public struct SourceResult: Sendable {
  /// Every rejection, or only the first `keptRejections` when they were also spooled to disk.
  public var rejections: [Rejection] = []
  public var counts = LineCounts()
  public var file: FileReport
}

/// Reads one source end to end: lines → outcomes, counted and collected.
public enum SourceIngester {
  /// Reads `source`; its valid events go to `shards` and their lines to `lines`; its
  /// rejections go to `rejects` when given, and only the first `keptRejections` stay in the
  /// result. `pipelined` decompresses on a thread of its own (`PipelinedLineReader`).
  public static func ingest(
    _ source: InputSource, into shards: EventShards.Writer, lines: LineSpool.Writer,
    rejects: RejectSpool.Writer? = nil, keptRejections: Int = .max, pipelined: Bool = false
  ) throws(CostRollError) -> SourceResult {
    let result = try ingest(source, pipelined: pipelined, rejects: rejects, keptRejections: keptRejections) {
      event, line throws(CostRollError) in
      try shards.add(event)
      try lines.append(line, number: event.origin.line)
    }
    try shards.close()
    try lines.close()
    return result
  }

  /// Reads `source` (decompressing on a thread of its own when `pipelined`); each valid event
  /// goes to `keep` with its line (without LF/CR; the bytes are valid only during the call).
  /// The first error `keep` throws is rethrown once the source is read; `rejects` is closed
  /// then.
  public static func ingest(
    _ source: InputSource, pipelined: Bool = false, rejects: RejectSpool.Writer? = nil, keptRejections: Int = .max,
    keep: (CostEvent, UnsafeBufferPointer<UInt8>) throws(CostRollError) -> Void
  ) throws(CostRollError) -> SourceResult {
    // The per-line state is one struct with a mutating handler rather than loose captured vars.
    var state = LineHandler(source: source.name, rejects: rejects, keptRejections: keptRejections)
    let file =
      pipelined
      ? try PipelinedLineReader.read(source) { piece in state.handle(piece, keep: keep) }
      : try SourceLineReader.read(source) { piece in state.handle(piece, keep: keep) }
    try rejects?.close()
    if let failure = state.keepFailure { throw failure }
    state.result.file = file
    return state.result
  }

  /// Turns each line piece into an outcome and records it.
  private struct LineHandler {
    let source: String
    let rejects: RejectSpool.Writer?
    let keptRejections: Int
    var decoder = EventDecoder()
    var result: SourceResult
    /// The first failure of the `keep` closure or of spooling a rejection; thrown once the
    /// source is read.
    var keepFailure: CostRollError?

    init(source: String, rejects: RejectSpool.Writer?, keptRejections: Int) {
      self.source = source
      self.rejects = rejects
      self.keptRejections = keptRejections
      result = SourceResult(file: FileReport(path: source, bytes: 0, lines: 0, status: .ok, detail: nil))
    }

    mutating func handle(
      _ piece: LineSplitter.Piece, keep: (CostEvent, UnsafeBufferPointer<UInt8>) throws(CostRollError) -> Void
    ) {
      let outcome: LineOutcome
      var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      switch piece {
      case .line(let bytes, let number):
        line = bytes
        outcome = decoder.decode(bytes, origin: LineOrigin(source: source, line: number))
      case .tooLong(let prefix, let total, let number):
        outcome = .rejection(
          Rejection(
            origin: LineOrigin(source: source, line: number), reason: .lineTooLong, field: nil,
            detail: "line is \(total) bytes, over the limit of \(LineSplitter.defaultMaxLineBytes)",
            raw: Array(prefix), rawBytes: total))
      case .truncated(let prefix, let total, let number):
        outcome = .rejection(
          Rejection(
            origin: LineOrigin(source: source, line: number), reason: .truncatedLine, field: nil,
            detail: "partial last line where the damaged stream stops",
            raw: Array(prefix), rawBytes: total > prefix.count ? total : nil))
      }
      result.counts.count(outcome)
      // Consumed, not copied: binding the event out of a borrowed outcome copied it (a retain
      // of each label and the source name) only to destroy the outcome right after.
      switch consume outcome {
      case .event(let event, _):
        do throws(CostRollError) { try keep(event, line) } catch { keepFailure = keepFailure ?? error }
      case .rejection(let rejection):
        if let rejects {
          do throws(CostRollError) { try rejects.append(rejection) } catch { keepFailure = keepFailure ?? error }
        }
        if result.rejections.count < keptRejections { result.rejections.append(rejection) }
      case .blank: break
      }
    }
  }
}
