import Testing

@testable import CostRoll

@Suite struct JSONLineScannerTests {
  func scan(_ text: String) -> JSONLineScanner.Failure? {
    var scanner = JSONLineScanner()
    return Array(text.utf8).withUnsafeBufferPointer { scanner.scan($0) }
  }

  /// The same key in sibling or nested objects is not a duplicate; within one object it is,
  /// however spelled, and whichever keys share its signature bit come between.
  @Test func duplicateKeysAreFoundOnlyWithinOneObject() {
    #expect(scan(#"{"m":[{"x":1},{"x":2}],"n":{"x":3},"x":{"x":{"x":4}}}"#) == nil)
    #expect(scan(#"{"ab":1,"a_b":2,"axb":3,"ba":4}"#) == nil)
    #expect(scan(#"{"axb":1,"a_b":2,"axb":3}"#) == .duplicateKey("axb"))
    #expect(scan(#"{"k":{"a":1},"k2":{"a":1,"b":2,"\u0061":3}}"#) == .duplicateKey("a"))
    #expect(scan(#"{"\u0069d":1,"id":2}"#) == .duplicateKey("id"))
    #expect(scan(#"{"":1,"":2}"#) == .duplicateKey(""))
  }
}
