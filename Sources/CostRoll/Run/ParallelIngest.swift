import Foundation

/// Reads sources on all cores, one source per task, and returns their results in source order.
enum ParallelIngest {
  private final class Slots: @unchecked Sendable {
    let lock = NSLock()
    var results: [Result<SourceResult, CostRollError>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
  }

  static func ingest(_ sources: [InputSource], progress: ProgressLine) throws(CostRollError) -> [SourceResult] {
    let slots = Slots(count: sources.count)
    DispatchQueue.concurrentPerform(iterations: sources.count) { index in
      let result: Result<SourceResult, CostRollError>
      do throws(CostRollError) {
        result = .success(try SourceIngester.ingest(sources[index]))
      } catch {
        result = .failure(error)
      }
      if case .success(let value) = result { progress.fileFinished(bytes: value.file.bytes) }
      slots.lock.lock()
      slots.results[index] = result
      slots.lock.unlock()
    }
    progress.finish()
    var results: [SourceResult] = []
    for slot in slots.results {
      switch slot! {
      case .success(let value): results.append(value)
      case .failure(let error): throw error
      }
    }
    return results
  }
}
