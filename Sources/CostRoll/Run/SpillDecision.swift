import Foundation
import Glibc

/// Decides, before reading, whether the id-hash shards of event records stay in memory or go
/// to disk.
///
/// The estimate is deliberately coarse and errs high: about 1,000 bytes of memory per event
/// (the peak before events were sharded as records; with records it is 388 MB for 1,000,000
/// events, README benchmark, so inputs only go to disk sooner than needed), about 400 bytes of
/// JSON per event, and gzip at 5:1 (the generated data compresses 4.5:1).
public enum SpillDecision {
  static let memoryPerJSONByte = 2.5
  static let gzipRatio = 5.0
  static let maxShards = 64
  /// Shards for in-memory records: enough that one wave per core holds a small share of the
  /// events as full events at a time.
  public static let inMemoryShardCount = 16

  /// `nil` to stay in memory, or the number of shards to spill into.
  public static func shardCount(for sources: [InputSource], budgetBytes: Int) -> Int? {
    let estimate = sources.reduce(0.0) { $0 + estimatedJSONBytes($1) } * memoryPerJSONByte
    guard estimate > Double(budgetBytes) else { return nil }
    let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
    // Cores load shards at once; each shard gets half its share of the budget.
    let shards = (2 * cores * estimate / Double(max(1, budgetBytes))).rounded(.up)
    return Int(min(Double(maxShards), max(cores, shards)))
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
