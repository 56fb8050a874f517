import Foundation
import Glibc
import Synchronization

/// The raw lines of valid events whose id may have come before, kept on disk as they are read,
/// so that dedup can fetch the few it needs (copies of ids whose copies differ) by origin.
///
/// Reading every needed line again from the sources would decompress nearly every file twice,
/// since conflicting copies are spread through them; keeping every line would write as many
/// bytes as the decompressed input. So a line is kept only when the shared filter of ids seen
/// (`SeenIDFilter`) says its id may have come before: the first copy of an id is not kept,
/// later copies are. Dedup needs a first copy's line only when it is a conflict (it loses to a
/// differing copy read later), or ties on `created_at` with a copy whose line hashes
/// differently (`Deduplicator`); it reads those few again from their sources (`LineRereader`).
/// Disk use is the repeated copies' lines, the filter's false "maybe"s and an 8-byte index
/// entry per line, in a private `$TMPDIR` directory deleted by `remove()`; memory use does not
/// grow.
///
/// Per source there are two files: the kept lines' bytes back to back, and an index of each
/// line number's end offset (`UInt64`, native order). Line numbers that were not kept (blank,
/// rejected or first-seen lines) are empty entries.
public final class LineSpool: Sendable {
  let directory: String
  /// The filter of ids seen that writers share; `nil` once the sources are read.
  private let sharedFilter: Mutex<SeenIDFilter?>
  /// Switches the writers to keeping every line when first copies would be costly to read
  /// again (input in random order).
  let watch = FirstCopyWatch()

  /// A fresh spool directory, with a filter of ids seen of `filterBytes` bytes
  /// (`SeenIDFilter.byteCount(forJSONBytes:budgetBytes:)`).
  public init(filterBytes: Int = 0) throws(CostRollError) {
    directory = try TemporaryDirectory.make(prefix: "costroll-lines")
    sharedFilter = Mutex(SeenIDFilter(byteCount: filterBytes))
  }

  /// The filter writers share (a fresh one after `dropFilter()`).
  var seen: SeenIDFilter {
    sharedFilter.withLock { filter in
      if let filter { return filter }
      let fresh = SeenIDFilter(byteCount: 0)
      filter = fresh
      return fresh
    }
  }

  /// Lets the filter go once no writer needs it: called when every source is read, so that
  /// its megabytes are not held through dedup and aggregation, where a run's memory peaks.
  public func dropFilter() {
    sharedFilter.withLock { $0 = nil }
    watch.clear()
  }

  func linesPath(source: Int) -> String { directory + "/lines-\(source).bin" }
  func indexPath(source: Int) -> String { directory + "/index-\(source).bin" }

  /// A writer for the lines of source number `source` (one writer per source, used by one
  /// thread).
  public func writer(source: Int) throws(CostRollError) -> Writer {
    try Writer(linesPath: linesPath(source: source), indexPath: indexPath(source: source), seen: seen, watch: watch)
  }

  /// The bytes of every kept line in `origins`. `sourceNames` names the sources by index, as
  /// their writers were numbered; a name given twice is looked up under each of its indices (a
  /// file given twice has the same lines both times). A line that was not kept, or of a source
  /// no writer read, is left out.
  public func fetch(_ origins: [LineOrigin], sourceNames: [String]) throws(CostRollError) -> [LineOrigin: [UInt8]] {
    guard !origins.isEmpty else { return [:] }
    var indices: [String: [Int]] = [:]
    for (index, name) in sourceNames.enumerated() { indices[name, default: []].append(index) }
    var result: [LineOrigin: [UInt8]] = [:]
    for (name, wanted) in Dictionary(grouping: origins, by: \.source) {
      // A source no writer read (a kept copy's file, in a nightly run) has no lines here.
      for source in indices[name] ?? [] where access(linesPath(source: source), F_OK) == 0 {
        let lines = try SpoolFile(path: linesPath(source: source))
        let index = try SpoolFile(path: indexPath(source: source))
        for origin in wanted where origin.line >= 1 && result[origin] == nil {
          // Entry n - 1 is line n's end; line n starts where line n - 1 ended.
          let wantedBytes = origin.line == 1 ? 8 : 16
          let entries = try index.read(at: max(0, origin.line - 2) * 8, count: wantedBytes, allowShort: true)
          guard entries.count == wantedBytes else { continue }
          let values = entries.withUnsafeBytes { raw in
            (0..<(entries.count / 8)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
          }
          let start = origin.line == 1 ? 0 : Int(values[0])
          let end = Int(values[values.count - 1])
          guard end > start else { continue }
          result[origin] = try lines.read(at: start, count: end - start, allowShort: false)
        }
      }
    }
    return result
  }

  /// Deletes the spool files.
  public func remove() { TemporaryDirectory.remove(directory) }

  /// Appends one source's kept lines and their index entries, through buffers.
  public final class Writer {
    private let lines: SpoolFile
    private let index: SpoolFile
    private let seen: SeenIDFilter
    private let watch: FirstCopyWatch
    private var lineBuffer: [UInt8] = []
    private var indexBuffer: [UInt64] = []
    /// Bytes of lines written so far (the next line's start).
    private var offset: UInt64 = 0
    /// Line numbers with an index entry so far.
    private var indexed = 0
    /// The line offered last, already at the end of `lineBuffer`, whose id's word in the filter
    /// is on its way into the cache: it stays or goes when the next line comes.
    private var pending: (slot: SeenIDFilter.Slot, start: Int, number: Int)?
    private static let flushBytes = 1 << 20

    init(linesPath: String, indexPath: String, seen: SeenIDFilter, watch: FirstCopyWatch) throws(CostRollError) {
      lines = try SpoolFile(creating: linesPath)
      index = try SpoolFile(creating: indexPath)
      self.seen = seen
      self.watch = watch
      lineBuffer.reserveCapacity(Self.flushBytes + (1 << 16))
    }

    /// Keeps line number `number` (numbers must increase).
    public func append(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws(CostRollError) {
      try settlePending()
      lineBuffer.append(contentsOf: line)
      try keep(number: number, count: line.count)
    }

    /// Offers line number `number` (numbers must increase), the line of `event` (whose id's
    /// `IDHash` is `idHash`, and whose line's hash is `lineHash`): it is kept if the event's id may have been seen before, by this source or
    /// another, or once the spool's `FirstCopyWatch` says to keep every line; the id is marked
    /// as seen.
    ///
    /// The filter's word is a cache miss for most ids (the filter is megabytes, shared by the
    /// cores). So the line is copied into the buffer at once and the word only prefetched; the
    /// word is read when the next line is offered (a line's decoding later), and the line then
    /// stays or is cut off the buffer's end, rather than each line stalling on the miss.
    func offer(
      _ line: UnsafeBufferPointer<UInt8>, number: Int, of event: DecodedEvent, idHash: UInt64, lineHash: UInt64
    ) throws(CostRollError) {
      let slot = seen.slot(forIDHash: idHash)
      watch.note(key: slot.key, line: number, createdAt: event.createdAt, lineHash: lineHash)
      try offer(line, number: number, slot: slot)
    }

    /// Offers line number `number`, whose id is at `slot` in the spool's filter.
    func offer(_ line: UnsafeBufferPointer<UInt8>, number: Int, slot: SeenIDFilter.Slot) throws(CostRollError) {
      try settlePending()
      guard !watch.keepsAll else { return try append(line, number: number) }
      seen.prefetch(slot)
      pending = (slot, lineBuffer.count, number)
      lineBuffer.append(contentsOf: line)
    }

    /// Writes out what is buffered.
    public func close() throws(CostRollError) {
      try settlePending()
      try flush()
    }

    /// Keeps or drops the pending line.
    private func settlePending() throws(CostRollError) {
      guard let (slot, start, number) = pending else { return }
      pending = nil
      if seen.testAndSet(slot) {
        try keep(number: number, count: lineBuffer.count - start)
      } else {
        lineBuffer.removeLast(lineBuffer.count - start)
      }
    }

    /// Indexes the last `count` bytes of the buffer as line number `number`.
    private func keep(number: Int, count: Int) throws(CostRollError) {
      while indexed < number - 1 {
        indexBuffer.append(offset)
        indexed += 1
      }
      offset += UInt64(count)
      indexBuffer.append(offset)
      indexed = number
      if lineBuffer.count >= Self.flushBytes || indexBuffer.count >= Self.flushBytes / 8 { try flush() }
    }

    private func flush() throws(CostRollError) {
      try lines.write(lineBuffer)
      try index.write(indexBuffer)
      lineBuffer.removeAll(keepingCapacity: true)
      indexBuffer.removeAll(keepingCapacity: true)
    }
  }
}
