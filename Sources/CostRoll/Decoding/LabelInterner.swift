/// Shares one `ByteString` per distinct label (`event_type`, `service`, `unit`) within a
/// decoder, so the handful of labels a stream repeats millions of times are allocated once.
final class LabelInterner {
  private var labels: [Int: [ByteString]] = [:]

  /// The shared `ByteString` with these bytes.
  func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteString {
    var hasher = Hasher()
    hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
    let hash = hasher.finalize()
    if let candidates = labels[hash] {
      for candidate in candidates where candidate.bytes.hasSameBytes(as: bytes) { return candidate }
    }
    let label = ByteString(Array(bytes))
    // Bound the table: streams with unbounded distinct labels just stop being shared.
    if labels.count < 4096 { labels[hash, default: []].append(label) }
    return label
  }
}
