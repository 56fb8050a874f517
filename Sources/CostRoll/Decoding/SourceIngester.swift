/// Reads one source end to end: lines → outcomes, counted and collected. Valid events go on
/// to the caller (the run shards them, `SourceIngester+Shards`), rejections to a `RejectionSink`.
public enum SourceIngester {
  /// Reads `source` (decompressing on a thread of its own when `pipelined`); each valid event
  /// goes to `keep` with its line (without LF/CR; the bytes are valid only during the call).
  /// The first error `keep` throws is rethrown once the source is read; `rejects` is closed
  /// then.
  public static func ingest(
    _ source: InputSource, pipelined: Bool = false, rejects: (any RejectionSink)? = nil, keptRejections: Int = .max,
    keep: (CostEvent, UnsafeBufferPointer<UInt8>) throws(CostRollError) -> Void
  ) throws(CostRollError) -> SourceResult {
    var labels = LabelInterner()
    return try read(source, pipelined: pipelined, rejects: rejects, keptRejections: keptRejections) {
      event, number, line throws(CostRollError) in
      try keep(event.event(origin: LineOrigin(source: source.name, line: number), labels: &labels), line)
    }
  }

  /// Reads `source`; each valid event goes to `keep` as decoded, with its line number and line.
  static func read(
    _ source: InputSource, pipelined: Bool, rejects: (any RejectionSink)?, keptRejections: Int,
    keep: (DecodedEvent, Int, UnsafeBufferPointer<UInt8>) throws(CostRollError) -> Void
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
    let rejects: (any RejectionSink)?
    let keptRejections: Int
    var decoder = EventDecoder()
    var result: SourceResult
    /// The first failure of the `keep` closure or of spooling a rejection; thrown once the
    /// source is read.
    var keepFailure: CostRollError?

    init(source: String, rejects: (any RejectionSink)?, keptRejections: Int) {
      self.source = source
      self.rejects = rejects
      self.keptRejections = keptRejections
      result = SourceResult(file: FileReport(path: source, bytes: 0, lines: 0, status: .ok, detail: nil))
    }

    mutating func handle(
      _ piece: LineSplitter.Piece, keep: (DecodedEvent, Int, UnsafeBufferPointer<UInt8>) throws(CostRollError) -> Void
    ) {
      let decoded: DecodedLine
      var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      var lineNumber = 0
      switch piece {
      case .line(let bytes, let number):
        (line, lineNumber) = (bytes, number)
        decoded = decoder.decodeLine(bytes, source: source, lineNumber: number)
      case .tooLong(let prefix, let total, let number):
        decoded = .rejection(
          Rejection(
            origin: LineOrigin(source: source, line: number), reason: .lineTooLong, field: nil,
            detail: "line is \(total) bytes, over the limit of \(LineSplitter.defaultMaxLineBytes)",
            raw: Array(prefix), rawBytes: total))
      case .truncated(let prefix, let total, let number):
        decoded = .rejection(
          Rejection(
            origin: LineOrigin(source: source, line: number), reason: .truncatedLine, field: nil,
            detail: "partial last line where the damaged stream stops",
            raw: Array(prefix), rawBytes: total > prefix.count ? total : nil))
      }
      result.counts.count(decoded)
      switch decoded {
      case .event(let event, _):
        do throws(CostRollError) { try keep(event, lineNumber, line) } catch { keepFailure = keepFailure ?? error }
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
