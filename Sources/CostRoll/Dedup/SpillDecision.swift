import Foundation
import Glibc

/// Decides, before reading, whether the id-hash shards of event records stay in memory or go
/// to disk.
///
/// The estimate is deliberately coarse and errs high, so inputs only go to disk sooner than
/// needed: about 1,000 bytes of memory per event, about 400 bytes of JSON per event, and gzip
/// at 5:1 (the generated data compresses 4.5:1).
public enum SpillDecision {
  static let memoryPerJSONByte = 2.5
  static let gzipRatio = 5.0
  /// Shards by the budget: at most 64, past which more shards cost more time than they save
  /// memory.
  static let maxBudgetShards = 64
  /// JSON bytes per shard past 64 shards: shards then grow with the input, so that a loaded
  /// shard (and its dedup tables) stays about the same size however many bytes carry the same
  /// ids.
  static let jsonBytesPerShard = 40.0 * 1024 * 1024
  static let maxShards = 1024
  /// Shards for in-memory records: enough that one wave per core holds a small share of the
  /// events as full events at a time.
  public static let inMemoryShardCount = 16

  /// `nil` to stay in memory, or the number of shards to spill into.
  public static func shardCount(for sources: [InputSource], budgetBytes: Int) -> Int? {
    shardCount(forJSONBytes: estimatedJSONBytes(of: sources), budgetBytes: budgetBytes)
  }

  /// `nil` to stay in memory, or the number of shards to spill into, for inputs of about
  /// `jsonBytes` bytes of JSON (`estimatedJSONBytes(of:)`).
  public static func shardCount(forJSONBytes jsonBytes: Double, budgetBytes: Int) -> Int? {
    let estimate = jsonBytes * memoryPerJSONByte
    guard estimate > Double(budgetBytes) else { return nil }
    let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
    // Cores load shards at once; each shard gets half its share of the budget.
    let byBudget = min(Double(maxBudgetShards), (2 * cores * estimate / Double(max(1, budgetBytes))).rounded(.up))
    let byInput = (estimate / memoryPerJSONByte / jsonBytesPerShard).rounded(.up)
    // Each core's writer keeps a file open per shard; leave room for everything else.
    let byDescriptors = Double(max(1, (openFileLimit() - 256) / max(1, Int(cores))))
    return Int(min(Double(maxShards), byDescriptors, max(cores, byBudget, byInput)))
  }

  /// About how many bytes of JSON `sources` hold (gzip counted at 5:1), from their sizes and
  /// first two bytes.
  public static func estimatedJSONBytes(of sources: [InputSource]) -> Double {
    sources.reduce(0.0) { $0 + estimatedJSONBytes($1) }
  }

  /// How many files the process may have open, after raising its soft limit to the hard one
  /// (a spilling run on many cores holds a file per shard per core).
  static func openFileLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
    if limit.rlim_cur < limit.rlim_max {
      var raised = limit
      raised.rlim_cur = limit.rlim_max
      if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
    }
    return Int(min(limit.rlim_cur, rlim_t(Int32.max)))
  }

  static func estimatedJSONBytes(_ source: InputSource) -> Double {
    guard let path = source.path else { return 0 }
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    let size = Double(info.st_size)
    guard let handle = FileHandle(forReadingAtPath: path) else { return size }
    defer { try? handle.close() }
    let magic = (try? handle.read(upToCount: 2)) ?? Data()
    return magic == Data([0x1F, 0x8B]) ? size * gzipRatio : size
  }
}
