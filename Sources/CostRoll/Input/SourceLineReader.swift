/// Reads one source's lines: bytes → (gzip, by magic bytes) → numbered lines.
///
/// Gzip is recognised by its first two bytes (1f 8b), never by the name. Damage never throws:
/// the returned report's status says it, and every complete line before it is handed out
/// first. Only I/O errors throw.
public enum SourceLineReader {
  /// The size of each `read(2)`.
  static let chunkBytes = 1 << 20

  /// Hands every line of `source` to `body`; returns the file's report. When `isDone` turns
  /// true, reading stops after the current chunk (the report then covers only what was read).
  public static func read(
    _ source: InputSource, isDone: () -> Bool = { false }, _ body: (LineSplitter.Piece) -> Void
  ) throws(CostRollError) -> FileReport {
    let reader = try FileByteReader(source)
    var splitter = LineSplitter()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
    defer { buffer.deallocate() }
    // Read at least two bytes (or the whole file) before deciding gzip or plain.
    var filled = try reader.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<2]))
    let isGzip = filled == 2 && buffer[0] == 0x1F && buffer[1] == 0x8B
    let inflater = isGzip ? GzipInflater() : nil
    if filled == 2 { filled += try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[2...])) }
    while filled > 0 && !isDone() {
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
      if let inflater {
        inflater.feed(chunk) { splitter.feed($0, body) }
      } else {
        splitter.feed(chunk, body)
      }
      filled = try reader.read(into: buffer)
    }
    let ending = inflater?.finish() ?? (.ok, nil)
    splitter.finish(damaged: ending.status != .ok, body)
    return FileReport(
      path: source.name, bytes: reader.bytesRead, lines: splitter.lineCount, status: ending.status,
      detail: ending.detail)
  }
}
