import Foundation

/// Runs independent tasks on all cores and returns their results in task order, so callers
/// stay deterministic whatever order the tasks finish in.
public enum ParallelWork {
  private final class Slots<Value, Failure: Error>: @unchecked Sendable {
    let lock = NSLock()
    var results: [Result<Value, Failure>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
  }

  /// `body(i)` for every `i` in `0..<count`, in parallel; the first failure (by index) is thrown.
  public static func map<Value, Failure: Error>(
    count: Int, _ body: @Sendable (Int) throws(Failure) -> Value
  ) throws(Failure) -> [Value] {
    let slots = Slots<Value, Failure>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      let result: Result<Value, Failure>
      do throws(Failure) {
        result = .success(try body(index))
      } catch {
        result = .failure(error)
      }
      slots.lock.lock()
      slots.results[index] = result
      slots.lock.unlock()
    }
    var values: [Value] = []
    values.reserveCapacity(count)
    for slot in slots.results {
      switch slot! {
      case .success(let value): values.append(value)
      case .failure(let error): throw error
      }
    }
    return values
  }
}
