/// What reading one source produced: its valid events (before dedup), its rejections, its
/// line counts and its file report.
public struct SourceResult: Sendable {
  public var events: [CostEvent] = []
  public var rejections: [Rejection] = []
  public var counts = LineCounts()
  public var file: FileReport
}

/// Reads one source end to end: bytes → (gzip) → lines → outcomes.
///
/// Gzip is recognised by its magic bytes (1f 8b), never by the name. Damage never throws: the
/// file's status says it, and every complete line before it is kept. Only I/O errors throw.
public enum SourceIngester {
  /// The size of each `read(2)`.
  static let chunkBytes = 1 << 20

  public static func ingest(_ source: InputSource) throws(CostRollError) -> SourceResult {
    let reader = try FileByteReader(source)
    var result = SourceResult(file: FileReport(path: source.name, bytes: 0, lines: 0, status: .ok, detail: nil))
    var splitter = LineSplitter()
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
      case .event(let event, _): result.events.append(event)
      case .rejection(let rejection): result.rejections.append(rejection)
      case .blank: break
      }
    }

    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
    defer { buffer.deallocate() }
    // Read at least two bytes (or the whole file) before deciding gzip or plain.
    var filled = try reader.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<2]))
    let isGzip = filled == 2 && buffer[0] == 0x1F && buffer[1] == 0x8B
    let inflater = isGzip ? GzipInflater() : nil
    if filled == 2 { filled += try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[2...])) }
    while filled > 0 {
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
      if let inflater {
        inflater.feed(chunk) { splitter.feed($0, handle) }
      } else {
        splitter.feed(chunk, handle)
      }
      filled = try reader.read(into: buffer)
    }
    let ending = inflater?.finish() ?? (.ok, nil)
    splitter.finish(damaged: ending.status != .ok, handle)
    result.file = FileReport(
      path: source.name, bytes: reader.bytesRead, lines: splitter.lineCount, status: ending.status,
      detail: ending.detail)
    return result
  }
}
