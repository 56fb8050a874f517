/// What reading one source produced: its valid events (before dedup), its rejections, its
/// line counts and its file report.
public struct SourceResult: Sendable {
  public var events: [CostEvent] = []
  public var rejections: [Rejection] = []
  public var counts = LineCounts()
  public var file: FileReport
}

/// Reads one source end to end: lines → outcomes, counted and collected.
public enum SourceIngester {
  /// Reads `source`. Valid events go to `spill` when given (then `events` stays empty),
  /// otherwise into the result.
  public static func ingest(_ source: InputSource, spill: ShardSpill.Writer? = nil) throws(CostRollError)
    -> SourceResult
  {
    var spillFailure: CostRollError?
    var result = SourceResult(file: FileReport(path: source.name, bytes: 0, lines: 0, status: .ok, detail: nil))
    var decoder = EventDecoder()

    func handle(_ piece: LineSplitter.Piece) {
      let outcome: LineOutcome
      switch piece {
      case .line(let bytes, let number):
        outcome = decoder.decode(bytes, origin: LineOrigin(source: source.name, line: number))
      case .tooLong(let prefix, let total, let number):
        outcome = .rejection(
          Rejection(
            origin: LineOrigin(source: source.name, line: number), reason: .lineTooLong, field: nil,
            detail: "line is \(total) bytes, over the limit of \(LineSplitter.defaultMaxLineBytes)",
            raw: Array(prefix), rawBytes: total))
      case .truncated(let prefix, let total, let number):
        outcome = .rejection(
          Rejection(
            origin: LineOrigin(source: source.name, line: number), reason: .truncatedLine, field: nil,
            detail: "partial last line where the damaged stream stops",
            raw: Array(prefix), rawBytes: total > prefix.count ? total : nil))
      }
      result.counts.count(outcome)
      switch outcome {
      case .event(let event, _):
        if let spill {
          do throws(CostRollError) { try spill.add(event) } catch { spillFailure = spillFailure ?? error }
        } else {
          result.events.append(event)
        }
      case .rejection(let rejection): result.rejections.append(rejection)
      case .blank: break
      }
    }

    result.file = try SourceLineReader.read(source, handle)
    try spill?.close()
    if let spillFailure { throw spillFailure }
    return result
  }
}
