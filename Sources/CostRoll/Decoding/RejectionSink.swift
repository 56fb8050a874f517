/// Where a source's rejections go as they are found, in line order. The run's `RejectSpool`
/// writes them out as `rejects.jsonl`; decoding itself does not know how rejections are written.
public protocol RejectionSink: AnyObject {
  /// Records `rejection` (its line follows the previous one's).
  func append(_ rejection: Rejection) throws(CostRollError)
  /// Writes out what is held; nothing is appended after.
  func close() throws(CostRollError)
}
