import Foundation

/// Rejections kept on disk as they are found, then written out as `rejects.jsonl` in (source,
/// line) order, so that memory does not grow with rejected lines: a broken emitter can reject
/// every line of a night.
///
/// Each source's rejections are spelled as their `rejects.jsonl` lines at once and appended to a
/// file of their own (`SpooledRecords`, keyed by line number), so each file is in line order
/// already. Writing out goes through the sources by name (byte-wise) and merges by
/// line only among sources that share a name (a file given twice), so at most that many files
/// are open at once.
public final class RejectSpool: SpooledOutput {
  let directory: String
  /// The sources' names, by the index their writers are numbered with.
  private let sourceNames: [String]

  /// A spool in a new private directory under `$TMPDIR`, for sources named `sourceNames` (by
  /// index).
  public init(sourceNames: [String]) throws(CostRollError) {
    directory = try TemporaryDirectory.make(prefix: "costroll-rejects")
    self.sourceNames = sourceNames
  }

  func path(source: Int) -> String { directory + "/rejects-\(source).bin" }

  /// The writer for source number `source` (its file is made at its first rejection).
  public func writer(source: Int) -> Writer { Writer(path: path(source: source)) }

  /// Spells `rejects.jsonl` (see `SpooledOutput`).
  public func write(to emit: ([UInt8]) throws(CostRollError) -> Void) throws(CostRollError) {
    let groups = Dictionary(grouping: sourceNames.indices, by: { sourceNames[$0] })
    var out: [UInt8] = []
    out.reserveCapacity(SpooledRecords.pieceBytes + (1 << 16))
    for name in groups.keys.sorted(by: { $0.utf8Precedes($1) }) {
      // A source without rejections has no file.
      let paths = groups[name]!.map { path(source: $0) }.filter { FileManager.default.fileExists(atPath: $0) }
      try SpooledRecords.merge(paths, into: &out, emit: emit)
    }
    if !out.isEmpty { try emit(out) }
  }

  /// Deletes the spool's files.
  public func remove() { TemporaryDirectory.remove(directory) }

  /// Appends one source's rejections, in line order, to its file.
  public final class Writer: RejectionSink {
    private let path: String
    /// Made at the first flush, so that a source without rejections leaves no file.
    private var file: SpoolFile?
    private var buffer: [UInt8] = []

    init(path: String) { self.path = path }

    /// Spools `rejection` (its line must follow the previous one's).
    public func append(_ rejection: Rejection) throws(CostRollError) {
      let line = LineRecords.rejectLine(rejection)
      SpooledRecords.append(line, key: Int64(rejection.origin.line), to: &buffer)
      if buffer.count >= SpooledRecords.pieceBytes { try flush() }
    }

    /// Writes out what is buffered.
    public func close() throws(CostRollError) { try flush() }

    private func flush() throws(CostRollError) {
      guard !buffer.isEmpty else { return }
      if file == nil { file = try SpoolFile(creating: path) }
      try file!.write(buffer)
      buffer.removeAll(keepingCapacity: true)
    }
  }
}
