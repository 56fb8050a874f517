import CostRollGenerator
import Testing

@testable import CostRoll

@Suite struct GzipInflaterTests {
  func inflate(_ bytes: [UInt8], firstChunk: Int, thenChunk: Int) -> (output: [UInt8], status: StreamStatus) {
    let inflater = GzipInflater(outputCapacity: 7)  // tiny, so output is handed out in many pieces
    var output: [UInt8] = []
    var offset = 0
    var size = firstChunk
    while offset < bytes.count {
      let end = min(bytes.count, offset + size)
      bytes[offset..<end].withUnsafeBytes { chunk in inflater.feed(chunk) { output += $0 } }
      offset = end
      size = thenChunk
    }
    return (output, inflater.finish().status)
  }

  @Test func sameOutputWhereverTheInputIsSplit() {
    let text = Array((0..<40).map { "line \($0) " + String(repeating: "x", count: $0) }.joined(separator: "\n").utf8)
    let members = GzipWriter.member(Array(text[..<100])) + GzipWriter.member(Array(text[100...]))
    for cut in 1..<members.count {
      let result = inflate(members, firstChunk: cut, thenChunk: members.count)
      #expect(result.output == text, "split at \(cut)")
      #expect(result.status == .ok)
    }
    let byteByByte = inflate(members, firstChunk: 1, thenChunk: 1)
    #expect(byteByByte.output == text)
    #expect(byteByByte.status == .ok)
  }

  @Test func everyTruncationPointIsTruncatedNeverCorrupt() {
    let text = Array("hello gzip\n".utf8)
    let member = GzipWriter.member(text)
    for length in 1..<member.count {
      let result = inflate(Array(member[..<length]), firstChunk: 3, thenChunk: 5)
      #expect(result.status == .truncated, "cut at \(length)")
      #expect(text.starts(with: result.output))
    }
  }
}
