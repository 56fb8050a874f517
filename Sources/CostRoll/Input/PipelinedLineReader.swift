import Foundation

/// Reads one source on two threads: a thread of its own decompresses and splits the lines into
/// blocks, while the calling thread handles the pieces of the block before. For a source that
/// would otherwise have a core to itself with the other cores idle (one file, or the last files
/// of a run): see `CostRollRunner`.
///
/// The pieces, their order and the report are exactly those of `SourceLineReader.read`; only
/// the work is split. At most `blocksInFlight` blocks exist at once, so memory stays bounded
/// whatever the file's size.
public enum PipelinedLineReader {
  /// Bytes of lines per block.
  public static let defaultBlockBytes = 1 << 20
  static let blocksInFlight = 3

  /// Whether file `index` of `count`, read one file per core in index order, should be read
  /// this way: when fewer files than cores are left at its start, so that a core that would
  /// sit idle at the end of the run takes part of its work (one file of 1 M events: 1.94 s
  /// instead of 3.10 s on 2 cores).
  public static func isWorthwhile(forFile index: Int, of count: Int) -> Bool {
    count - index < ProcessInfo.processInfo.activeProcessorCount
  }

  /// Hands every line of `source` to `body` on the calling thread; returns the file's report.
  /// A block is passed on once it holds `blockBytes` (tests make it small).
  public static func read(
    _ source: InputSource, blockBytes: Int = defaultBlockBytes, _ body: (LineSplitter.Piece) -> Void
  ) throws(CostRollError) -> FileReport {
    let queue = LineBlockQueue(blocks: (0..<blocksInFlight).map { _ in LineBlock(capacity: blockBytes) })
    // The producer is a thread of its own, not a task on the shared pool: it blocks while the
    // consumer is behind, and a pool thread blocked that way could starve the pool.
    let producer = Thread {
      let result: Result<FileReport, CostRollError>
      var block = queue.emptyBlock()
      do throws(CostRollError) {
        let report = try SourceLineReader.read(source) { piece in
          block.append(piece)
          if block.bytes.count >= blockBytes || block.entries.count >= blockBytes / 64 {
            queue.put(block)
            block = queue.emptyBlock()
          }
        }
        result = .success(report)
      } catch {
        result = .failure(error)
      }
      queue.put(block)
      queue.finish(result)
    }
    producer.start()
    while let block = queue.take() {
      block.forEachPiece(body)
      // Given back without a copy left here, so the producer refills it in place.
      queue.recycle(consume block)
    }
    return try queue.result()!.get()
  }
}
