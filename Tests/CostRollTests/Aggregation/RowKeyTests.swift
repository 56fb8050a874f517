import Testing

@testable import CostRoll

@Suite struct RowKeyTests {
  typealias RowKey = ReportAggregator.RowKey

  private let samples: [KeyValue] = [
    .null, .uuid(UUIDValue(bits: 7)), .text(ByteString("gemini_tts")), .uuid(UUIDValue(bits: 1 << 100)),
    .text(ByteString("")), .null, .text(ByteString("tokens")),
  ]

  @Test(arguments: 0...7) func keepsEveryValueInOrder(count: Int) {
    let values = Array(samples.prefix(count))
    let key = RowKey(values: values, bucket: nil)
    #expect(Array(key.values) == values)
    #expect(key.values.indices.map { key.value(at: $0) } == values)
    #expect(key == RowKey(values: values, bucket: nil))
  }

  @Test(arguments: 0..<7) func keysDifferingInOneValueDiffer(position: Int) {
    let values = samples
    var changed = values
    changed[position] = changed[position] == .null ? .text(ByteString("x")) : .null
    #expect(RowKey(values: values, bucket: nil) != RowKey(values: changed, bucket: nil))
    // Same hash, different values: still different keys.
    let sameHash = RowKey(values: values, bucket: nil).rowHash
    #expect(
      RowKey(values: values, bucket: nil, rowHash: sameHash) != RowKey(values: changed, bucket: nil, rowHash: sameHash))
  }

  @Test func keysDifferingInLengthOrBucketDiffer() {
    #expect(RowKey(values: [.null], bucket: nil) != RowKey(values: [.null, .null], bucket: nil))
    #expect(RowKey(values: [], bucket: nil, rowHash: 1) != RowKey(values: [.null], bucket: nil, rowHash: 1))
    let bucket = Bucket(localStart: 86_400, offsetSeconds: 0)
    #expect(RowKey(values: [.null], bucket: bucket) != RowKey(values: [.null], bucket: nil))
  }
}
