import Testing

@testable import CostRoll

@Suite struct LineRecordsTests {
  func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func rejectRecordCarriesRawText() {
    let rejection = Rejection(
      origin: LineOrigin(source: "a.gz", line: 3), reason: .missingField, field: "quantity",
      detail: "quantity is missing", raw: Array("{\"q\":\"é\"}".utf8))
    #expect(
      text(LineRecords.rejectLine(rejection))
        == #"{"source":"a.gz","line":3,"reason":"missing_field","field":"quantity","detail":"quantity is missing","raw":"{\"q\":\"é\"}"}"#
        + "\n")
  }

  @Test func invalidUTF8GoesAsBase64AndTruncationIsMarked() {
    let bad = Rejection(
      origin: LineOrigin(source: "-", line: 1), reason: .invalidUTF8, field: nil, detail: "d", raw: [0x7B, 0xFF, 0x7D])
    #expect(
      text(LineRecords.rejectLine(bad))
        == #"{"source":"-","line":1,"reason":"invalid_utf8","field":null,"detail":"d","raw_base64":"e/99"}"# + "\n")
    let long = Rejection(
      origin: LineOrigin(source: "x", line: 2), reason: .lineTooLong, field: nil, detail: "d", raw: Array("abc".utf8),
      rawBytes: 2_000_000)
    #expect(
      text(LineRecords.rejectLine(long)).hasSuffix(#""raw":"abc","raw_truncated":true,"raw_bytes":2000000}"# + "\n"))
  }

  @Test func conflictRecordNamesBothCopies() {
    let conflict = Conflict(
      id: EventID(bytes: Array("7C9E6679-7425-40DE-944B-E07FC1F90AE7".utf8)), origin: LineOrigin(source: "b", line: 9),
      kept: LineOrigin(source: "a", line: 2), raw: Array("{}".utf8))
    #expect(
      text(LineRecords.conflictLine(conflict))
        == #"{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","source":"b","line":9,"kept_source":"a","kept_line":2,"raw":"{}"}"#
        + "\n")
  }
}
