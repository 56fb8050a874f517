import Foundation
import Glibc

/// Valid events partitioned by id hash into shards of compact `EventRecord` bytes: each shard
/// is then deduplicated and aggregated on its own, so only one shard per core is ever held as
/// full events. The records stay in memory (peak 388 MB for 1 M events, against 836 MB when
/// every event was held whole; README benchmark) or, past the memory budget, go to files.
///
/// Files live in a private temporary directory (`$TMPDIR`), one per (shard, source); a shard's
/// files are deleted as `recordBuffers` reads them, the directory by `remove()`.
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

  /// Appends the bytes of the file at `path` to `bytes`; `false` if there is none (a source
  /// with no events in a shard writes no file). The file is read straight into the array's new
  /// room: going through `Data` copied every spilled shard a second time, 3.76 s before and
  /// 3.55 s after on the benchmark's 1 M events.
  private static func append(fileAt path: String, to bytes: inout [UInt8]) throws(CostRollError) -> Bool {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ENOENT { return false }
      throw .readFailed(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
    let size = Int(info.st_size)
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(0, count: size))
    let done = bytes.withUnsafeMutableBytes { buffer in
      var offset = 0
      while offset < size {
        let count = read(descriptor, buffer.baseAddress! + start + offset, size - offset)
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        offset += count
      }
      return offset
    }
    if done != size { throw .readFailed(path: path, reason: "the spill file ended early") }
    return true
  }

  /// A writer for the events of source number `source`.
  public func writer(source: Int) -> Writer { Writer(spill: self, source: source) }

  /// The record bytes of `shard`, one slice per source that has any, by source index. Spilled
  /// records are read into `scratch`, which keeps its room for the next shard (the slices share
  /// it, so they must be dropped first), and their files deleted: a shard is loaded once.
  public func recordBuffers(inShard shard: Int, sourceCount: Int, scratch: inout [UInt8]) throws(CostRollError)
    -> [(source: Int, bytes: ArraySlice<UInt8>)]
  {
    guard directory != nil else {
      lock.lock()
      defer { lock.unlock() }
      return memory[shard].keys.sorted().map { ($0, memory[shard][$0]![...]) }
    }
    scratch.removeAll(keepingCapacity: true)
    var ranges: [(source: Int, range: Range<Int>)] = []
    for source in 0..<sourceCount {
      let start = scratch.count
      let path = path(shard: shard, source: source)
      if try Self.append(fileAt: path, to: &scratch) {
        // Read once, so deleted now: the page cache it held is reused by the rest of the run
        // (report rows, outputs) rather than taken afresh, which is slow on a VM that hands
        // freed memory back to its host. 5 alternating runs at 5 M events: system time 3.26 s
        // against 3.68 s (mean), wall 14.88 s against 15.46 s.
        unlink(path)
        ranges.append((source, start..<scratch.count))
      }
    }
    return ranges.map { ($0.source, scratch[$0.range]) }
  }

  /// Deletes the spill files, or drops the in-memory records.
  public func remove() {
    if let directory { TemporaryDirectory.remove(directory) }
    lock.lock()
    memory = []
    lock.unlock()
  }

  /// Drops one shard's in-memory records once it is loaded (memory mode; spilled files are
  /// deleted as they are read).
  public func release(shard: Int) {
    guard directory == nil else { return }
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
    /// afresh for every file: 1 MiB buffers for 64 shards cost 390 k page faults and about 4%
    /// more CPU for `costroll report` on 5 M events (`perf stat -e task-clock,page-faults`, 3
    /// runs each). 64 KiB up to 64 shards, then less, so a writer's buffers stay within 4 MiB.
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

    /// Adds an event, read at line `line`, to its shard.
    func add(_ event: DecodedEvent, line: Int) throws(CostRollError) {
      let shard = ShardedAggregation.shard(of: event, among: spill.shardCount)
      EventRecord.append(event, sourceIndex: Int32(source), line: line, to: &buffers[shard])
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
}
