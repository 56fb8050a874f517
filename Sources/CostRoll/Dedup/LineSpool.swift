import Foundation
import Glibc

/// The raw lines of valid events, kept on disk as they are read, so that dedup can fetch the
/// few it needs (every copy of an id whose copies differ) by origin.
///
/// Reading those lines again from the sources meant decompressing nearly every file twice,
/// since conflicting copies are spread through them: 0.49 s of a 3.0 s `costroll report` on the
/// benchmark's 1 M events (8 files, 2 cores). Writing the lines as they go by costs about 0.1 s
/// of system time for the same 439 MB (`dd` of that size into `$TMPDIR`: 0.08–0.12 s).
/// Disk use is about the size of the decompressed input, in a private `$TMPDIR` directory
/// deleted by `remove()`; memory use does not grow.
///
/// Per source there are two files: the lines' bytes back to back, and an index of each line
/// number's end offset (`UInt64`, native order). Line numbers that were not kept (blank or
/// rejected lines) are empty entries.
public final class LineSpool: Sendable {
  let directory: String

  /// A fresh spool directory.
  public init() throws(CostRollError) {
    directory = try TemporaryDirectory.make(prefix: "costroll-lines")
  }

  func linesPath(source: Int) -> String { directory + "/lines-\(source).bin" }
  func indexPath(source: Int) -> String { directory + "/index-\(source).bin" }

  /// A writer for the lines of source number `source` (one writer per source, used by one
  /// thread).
  public func writer(source: Int) throws(CostRollError) -> Writer {
    try Writer(linesPath: linesPath(source: source), indexPath: indexPath(source: source))
  }

  /// The bytes of every line in `origins`. `sourceNames` names the sources by index, as their
  /// writers were numbered; a name given twice is read from its first index (a file given
  /// twice has the same lines both times). A line that was not kept is left out.
  public func fetch(_ origins: [LineOrigin], sourceNames: [String]) throws(CostRollError) -> [LineOrigin: [UInt8]] {
    guard !origins.isEmpty else { return [:] }
    var firstIndex: [String: Int] = [:]
    for (index, name) in sourceNames.enumerated() where firstIndex[name] == nil { firstIndex[name] = index }
    var result: [LineOrigin: [UInt8]] = [:]
    let bySource = Dictionary(grouping: origins, by: \.source)
    for (name, wanted) in bySource {
      guard let source = firstIndex[name] else { continue }
      let lines = try SpoolFile(path: linesPath(source: source))
      let index = try SpoolFile(path: indexPath(source: source))
      for origin in wanted where origin.line >= 1 {
        // Entry n - 1 is line n's end; line n starts where line n - 1 ended.
        let wantedBytes = origin.line == 1 ? 8 : 16
        let entries = try index.read(at: max(0, origin.line - 2) * 8, count: wantedBytes, allowShort: true)
        guard entries.count == wantedBytes else { continue }
        let values = entries.withUnsafeBytes { raw in
          (0..<(entries.count / 8)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
        }
        let start = origin.line == 1 ? 0 : Int(values[0])
        let end = Int(values[values.count - 1])
        result[origin] = try lines.read(at: start, count: end - start, allowShort: false)
      }
    }
    return result
  }

  /// Deletes the spool files.
  public func remove() { TemporaryDirectory.remove(directory) }

  /// Appends one source's lines and their index entries, through buffers.
  public final class Writer {
    private let lines: SpoolFile
    private let index: SpoolFile
    private var lineBuffer: [UInt8] = []
    private var indexBuffer: [UInt64] = []
    /// Bytes of lines written so far (the next line's start).
    private var offset: UInt64 = 0
    /// Line numbers with an index entry so far.
    private var indexed = 0
    private static let flushBytes = 1 << 20

    init(linesPath: String, indexPath: String) throws(CostRollError) {
      lines = try SpoolFile(creating: linesPath)
      index = try SpoolFile(creating: indexPath)
      lineBuffer.reserveCapacity(Self.flushBytes + (1 << 16))
    }

    /// Keeps line number `number` (numbers must increase).
    public func append(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws(CostRollError) {
      while indexed < number - 1 {
        indexBuffer.append(offset)
        indexed += 1
      }
      lineBuffer.append(contentsOf: line)
      offset += UInt64(line.count)
      indexBuffer.append(offset)
      indexed = number
      if lineBuffer.count >= Self.flushBytes || indexBuffer.count >= Self.flushBytes / 8 { try flush() }
    }

    /// Writes out what is buffered.
    public func close() throws(CostRollError) { try flush() }

    private func flush() throws(CostRollError) {
      try lines.write(lineBuffer)
      try index.write(indexBuffer)
      lineBuffer.removeAll(keepingCapacity: true)
      indexBuffer.removeAll(keepingCapacity: true)
    }
  }
}
