import Foundation

/// Rejections kept on disk as they are found, then written out as `rejects.jsonl` in (source,
/// line) order, so that memory does not grow with rejected lines: a broken emitter can reject
/// every line of a night, and holding them took 2.15 GB for 2 M rejected lines of 350 bytes
/// (`/usr/bin/time -f %M costroll report`, 700 MB of JSON).
///
/// Each source's rejections are spelled as their `rejects.jsonl` lines at once and appended to a
/// file of their own (`Int64` line number, `UInt32` byte count, the bytes), so each file is in
/// line order already. Writing out goes through the sources by name (byte-wise) and merges by
/// line only among sources that share a name (a file given twice), so at most that many files
/// are open at once.
public final class RejectSpool: Sendable {
  let directory: String

  /// A spool in a new private directory under `$TMPDIR`.
  public init() throws(CostRollError) {
    directory = try TemporaryDirectory.make(prefix: "costroll-rejects")
  }

  func path(source: Int) -> String { directory + "/rejects-\(source).bin" }

  /// The writer for source number `source` (its file is made at its first rejection).
  public func writer(source: Int) -> Writer { Writer(path: path(source: source)) }

  /// Spells `rejects.jsonl` for sources named `sourceNames` (by index), handing it to `emit` in
  /// pieces of about 1 MiB.
  public func write(sourceNames: [String], to emit: ([UInt8]) throws(CostRollError) -> Void) throws(CostRollError) {
    let groups = Dictionary(grouping: sourceNames.indices, by: { sourceNames[$0] })
    var out: [UInt8] = []
    out.reserveCapacity(Self.pieceBytes + (1 << 16))
    for name in groups.keys.sorted(by: { $0.utf8Precedes($1) }) {
      // A source without rejections has no file.
      let readers = try groups[name]!.map { path(source: $0) }.filter { FileManager.default.fileExists(atPath: $0) }
        .map { (path) throws(CostRollError) in try RecordReader(file: SpoolFile(path: path)) }
      // The next record is always the smallest line among the files' next records.
      while let next = readers.min(by: { ($0.line ?? .max) < ($1.line ?? .max) }), next.line != nil {
        try next.appendRecord(to: &out)
        if out.count >= Self.pieceBytes {
          try emit(out)
          out.removeAll(keepingCapacity: true)
        }
      }
    }
    if !out.isEmpty { try emit(out) }
  }

  /// Deletes the spool's files.
  public func remove() { try? FileManager.default.removeItem(atPath: directory) }

  static let pieceBytes = 1 << 20

  /// Appends one source's rejections, in line order, to its file.
  public final class Writer {
    private let path: String
    /// Made at the first flush, so that a source without rejections leaves no file.
    private var file: SpoolFile?
    private var buffer: [UInt8] = []

    init(path: String) { self.path = path }

    /// Spools `rejection` (its line must follow the previous one's).
    public func append(_ rejection: Rejection) throws(CostRollError) {
      let line = LineRecords.rejectLine(rejection)
      withUnsafeBytes(of: Int64(rejection.origin.line)) { buffer.append(contentsOf: $0) }
      withUnsafeBytes(of: UInt32(line.count)) { buffer.append(contentsOf: $0) }
      buffer.append(contentsOf: line)
      if buffer.count >= RejectSpool.pieceBytes { try flush() }
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

  /// Reads one spool file record by record, a piece of about 1 MiB at a time.
  private final class RecordReader {
    private let file: SpoolFile
    private var offset = 0
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// The next record's line number; `nil` once every record was read.
    private(set) var line: Int?

    init(file: SpoolFile) throws(CostRollError) {
      self.file = file
      try readHeader()
    }

    /// Appends the next record's bytes to `out` and moves to the record after.
    func appendRecord(to out: inout [UInt8]) throws(CostRollError) {
      let count = Int(load(UInt32.self, at: position + 8))
      position += 12
      try fill(count)
      out.append(contentsOf: buffer[position..<(position + count)])
      position += count
      try readHeader()
    }

    private func readHeader() throws(CostRollError) {
      try fill(12)
      line = buffer.count - position >= 12 ? Int(load(Int64.self, at: position)) : nil
    }

    private func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
      buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// Makes at least `count` unread bytes available, unless the file ends first.
    private func fill(_ count: Int) throws(CostRollError) {
      while buffer.count - position < count && !atEnd {
        let piece = try file.read(
          at: offset, count: max(RejectSpool.pieceBytes, count - (buffer.count - position)), allowShort: true)
        offset += piece.count
        atEnd = piece.isEmpty
        buffer.removeSubrange(0..<position)
        position = 0
        buffer += piece
      }
    }
  }
}
