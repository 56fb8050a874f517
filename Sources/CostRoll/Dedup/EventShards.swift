import Foundation
import Glibc

/// Valid events partitioned by id hash into shards of compact `EventRecord` bytes: each shard
/// is then deduplicated and aggregated on its own, so only one shard per core is ever held as
/// full events. The records stay in memory or, past the memory budget, go to files.
///
/// Files live in a private temporary directory (`$TMPDIR`), one per (shard, source); a shard's
/// files are deleted by `release(shard:sourceCount:)` once it is deduplicated, the directory by
/// `remove()`.
public final class EventShards: @unchecked Sendable {
  public let shardCount: Int
  /// The spill directory, or `nil` when the records stay in memory.
  let directory: String?
  private let lock = NSLock()
  /// In-memory records by shard, then source (memory mode only).
  private var memory: [[Int: [UInt8]]]
  /// Records written to each shard by closed writers.
  private var counts: [Int]

  /// Shards whose records stay in memory.
  public init(inMemoryShardCount shardCount: Int) {
    self.shardCount = shardCount
    directory = nil
    counts = Array(repeating: 0, count: shardCount)
    memory = Array(repeating: [:], count: shardCount)
  }

  /// A fresh spill directory for `shardCount` shards on disk.
  public init(shardCount: Int) throws(CostRollError) {
    self.shardCount = shardCount
    memory = []
    counts = Array(repeating: 0, count: shardCount)
    directory = try TemporaryDirectory.make(prefix: "costroll-spill")
  }

  func path(shard: Int, source: Int) -> String { (directory ?? "") + "/shard-\(shard)-source-\(source).bin" }

  /// Keeps a writer's finished buffer for `shard` (memory mode).
  fileprivate func keep(_ records: [UInt8], shard: Int, source: Int) {
    lock.lock()
    memory[shard][source, default: []] += records
    lock.unlock()
  }

  /// How many records closed writers put in `shard`: sizes the shard's dedup table up front.
  public func recordCount(inShard shard: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return counts[shard]
  }

  fileprivate func addCounts(_ added: [Int]) {
    lock.lock()
    for shard in added.indices { counts[shard] += added[shard] }
    lock.unlock()
  }

  /// Hands `body` the records of the file at `path` in pieces of whole records, read through
  /// `buffer` (`chunkBytes` plus room for two records); nothing if there is no such file (a
  /// source with no events in a shard writes none). A file that ends inside a record (damaged
  /// from outside the run) is a read failure.
  private static func forEachPiece(
    ofFileAt path: String, chunkBytes: Int, buffer: inout [UInt8], _ body: (UnsafeRawBufferPointer) -> Void
  ) throws(CostRollError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ENOENT { return }
      throw .readFailed(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    // Reads fill at most `readable` bytes; the last `maxBytes` stay zero, so that walking a
    // record cut short at the end of a damaged file never reads past the buffer.
    let readable = chunkBytes + EventRecord.maxBytes
    if buffer.count != readable + EventRecord.maxBytes {
      buffer = [UInt8](repeating: 0, count: readable + EventRecord.maxBytes)
    }
    let failure = buffer.withUnsafeMutableBytes { raw -> String? in
      let base = raw.baseAddress!
      let all = UnsafeRawBufferPointer(raw)
      var carried = 0
      while true {
        var filled = carried
        var atEnd = false
        while filled < readable {
          let count = read(descriptor, base + filled, readable - filled)
          if count < 0 && errno == EINTR { continue }
          if count < 0 { return String(cString: strerror(errno)) }
          if count == 0 {
            atEnd = true
            break
          }
          filled += count
        }
        // Whole records only: a record that starts within `maxBytes` of the end waits for the
        // next piece; at the end of the file, the bytes left must be whole records.
        var cut = 0
        while cut < filled && (atEnd || cut + EventRecord.maxBytes <= filled) { EventRecord.skip(all, at: &cut) }
        if atEnd && cut != filled { return "the spill file ends inside a record" }
        if cut > 0 { body(UnsafeRawBufferPointer(start: base, count: cut)) }
        if atEnd { return nil }
        carried = filled - cut
        memmove(base, base + cut, carried)
      }
    }
    if let failure { throw .readFailed(path: path, reason: failure) }
  }

  /// Hands `body` the records of `shard`, source by source in index order, in pieces of whole
  /// records. Spilled records are read from their files through `buffer` (kept for the next
  /// call) about `chunkBytes` at a time, not loaded whole, so a shard's memory does not grow
  /// with the input. Call `release(shard:sourceCount:)` once the shard is done.
  public func forEachRecordPiece(
    inShard shard: Int, sourceCount: Int, buffer: inout [UInt8], chunkBytes: Int = 1 << 20,
    _ body: (UnsafeRawBufferPointer) -> Void
  ) throws(CostRollError) {
    guard directory != nil else {
      lock.lock()
      let records = memory[shard]
      lock.unlock()
      for source in records.keys.sorted() { records[source]!.withUnsafeBytes(body) }
      return
    }
    for source in 0..<sourceCount {
      try Self.forEachPiece(
        ofFileAt: path(shard: shard, source: source), chunkBytes: chunkBytes, buffer: &buffer, body)
    }
  }

  /// A writer for the events of source number `source`.
  public func writer(source: Int) -> Writer { Writer(spill: self, source: source) }

  /// Deletes the spill files, or drops the in-memory records.
  public func remove() {
    if let directory { TemporaryDirectory.remove(directory) }
    lock.lock()
    memory = []
    lock.unlock()
  }

  /// Drops one shard's records once dedup is done with them: in memory, or their files. The
  /// files go as soon as the shard is done, so that the page cache they held is reused by the
  /// rest of the run (report rows, outputs) rather than taken afresh.
  public func release(shard: Int, sourceCount: Int) {
    guard directory == nil else {
      for source in 0..<sourceCount { unlink(path(shard: shard, source: source)) }
      return
    }
    lock.lock()
    memory[shard] = [:]
    lock.unlock()
  }

  /// Appends one source's events to its shard files, through a buffer per shard.
  public final class Writer {
    private let spill: EventShards
    private let source: Int
    private var buffers: [[UInt8]]
    private var descriptors: [Int32]
    private var counts: [Int]
    /// Small enough that a writer's shard buffers stay in the cache and are not faulted in
    /// afresh for every file: 64 KiB up to 64 shards, then less, so a writer's buffers stay
    /// within 4 MiB.
    private let flushBytes: Int

    init(spill: EventShards, source: Int) {
      self.spill = spill
      self.source = source
      buffers = Array(repeating: [], count: spill.shardCount)
      descriptors = Array(repeating: -1, count: spill.shardCount)
      counts = Array(repeating: 0, count: spill.shardCount)
      flushBytes = max(1 << 12, min(1 << 16, (1 << 22) / spill.shardCount))
    }

    deinit {
      for descriptor in descriptors where descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Adds an event, read at line `line` (whose hash is `lineHash`, `LineHash`), to the shard
    /// of its id's `IDHash`, `idHash`; its record names source `recordSource`, by default the
    /// writer's own.
    func add(
      _ event: DecodedEvent, idHash: UInt64, line: Int, lineHash: UInt64?, recordSource: Int32? = nil
    ) throws(CostRollError) {
      let shard = EventShards.shard(ofIDHash: idHash, among: spill.shardCount)
      EventRecord.append(
        event, sourceIndex: recordSource ?? Int32(source), line: line, lineHash: lineHash, to: &buffers[shard])
      counts[shard] += 1
      if buffers[shard].count >= flushBytes { try flush(shard) }
    }

    /// Writes out what is buffered.
    public func close() throws(CostRollError) {
      for shard in buffers.indices where !buffers[shard].isEmpty { try flush(shard) }
      spill.addCounts(counts)
      counts = Array(repeating: 0, count: counts.count)
    }

    private func flush(_ shard: Int) throws(CostRollError) {
      guard spill.directory != nil else {
        spill.keep(buffers[shard], shard: shard, source: source)
        buffers[shard].removeAll(keepingCapacity: true)
        return
      }
      let path = spill.path(shard: shard, source: source)
      if descriptors[shard] < 0 {
        descriptors[shard] = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptors[shard] >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
      }
      let descriptor = descriptors[shard]
      if let reason = buffers[shard].withUnsafeBytes({ DescriptorWrite.all($0, to: descriptor) }) {
        throw .writeFailed(path: path, reason: reason)
      }
      buffers[shard].removeAll(keepingCapacity: true)
    }
  }

  /// The shard of the id whose `IDHash` is `idHash` (every copy of an id is sharded by this
  /// one function): the hash's top bits scaled to `count`, so that they are not the bits that
  /// pick the id's word in the filter of ids seen.
  static func shard(ofIDHash idHash: UInt64, among count: Int) -> Int {
    Int(idHash.multipliedFullWidth(by: UInt64(max(1, count))).high)
  }
}
