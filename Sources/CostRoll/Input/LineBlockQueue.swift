import Foundation

/// The hand-off between `PipelinedLineReader`'s two threads: full blocks one way, emptied
/// blocks back, in order, with a fixed number of blocks so that neither side runs ahead by
/// more than that.
final class LineBlockQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var full: [LineBlock] = []
  private var empty: [LineBlock]
  private var finished = false
  private var outcome: Result<FileReport, CostRollError>?

  /// A queue that circulates `blocks`.
  init(blocks: [LineBlock]) { empty = blocks }

  /// An emptied block, waiting for the consumer to give one back if none is free.
  func emptyBlock() -> LineBlock {
    condition.lock()
    defer { condition.unlock() }
    while empty.isEmpty { condition.wait() }
    var block = empty.removeLast()
    block.removeAll()
    return block
  }

  /// Passes a full block to the consumer.
  func put(_ block: LineBlock) { signalling { full.append(block) } }

  /// Marks the end of the stream with the producer's outcome.
  func finish(_ outcome: Result<FileReport, CostRollError>) {
    signalling {
      self.outcome = outcome
      finished = true
    }
  }

  /// The next full block, or `nil` once the producer has finished and every block was taken.
  func take() -> LineBlock? {
    condition.lock()
    defer { condition.unlock() }
    while full.isEmpty && !finished { condition.wait() }
    return full.isEmpty ? nil : full.removeFirst()
  }

  /// The producer's outcome, once `take()` has returned `nil`.
  func result() -> Result<FileReport, CostRollError>? {
    condition.lock()
    defer { condition.unlock() }
    return outcome
  }

  /// Gives a handled block back to the producer.
  func recycle(_ block: LineBlock) { signalling { empty.append(block) } }

  /// Makes `change` under the lock and wakes the other side.
  private func signalling(_ change: () -> Void) {
    condition.lock()
    change()
    condition.broadcast()
    condition.unlock()
  }
}
