import Foundation

/// Work on a thread of its own, waited for later: for cleanup that should overlap what comes
/// next. A block on the dispatch pool would wait for the pool's threads, busy with the report's
/// parallel steps, and run only at the end.
final class BackgroundWork: @unchecked Sendable {
  private let condition = NSCondition()
  private var finished = false

  /// Starts `body` at once on a new thread.
  init(_ body: @escaping @Sendable () -> Void) {
    Thread { [self] in
      body()
      condition.lock()
      finished = true
      condition.broadcast()
      condition.unlock()
    }.start()
  }

  /// Returns once `body` has returned.
  func wait() {
    condition.lock()
    while !finished { condition.wait() }
    condition.unlock()
  }
}
