/// Why a line was rejected: the reason codes of `rejects.jsonl` and `rejected_by_reason`.
public enum RejectReason: String, CaseIterable, Sendable, Comparable {
  case malformedJSON = "malformed_json"
  case notObject = "not_object"
  case invalidUTF8 = "invalid_utf8"
  case lineTooLong = "line_too_long"
  case tooDeep = "too_deep"
  case duplicateKey = "duplicate_key"
  case missingField = "missing_field"
  case wrongType = "wrong_type"
  case invalidValue = "invalid_value"
  case invalidID = "invalid_id"
  case invalidUUID = "invalid_uuid"
  case invalidTimestamp = "invalid_timestamp"
  case invalidNumber = "invalid_number"
  case negativeValue = "negative_value"
  case truncatedLine = "truncated_line"

  public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool { lhs.rawValue < rhs.rawValue }
}
