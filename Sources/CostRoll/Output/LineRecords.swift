import Foundation

/// `rejects.jsonl` and `conflicts.jsonl`: one JSON object per line, sorted by (source, line).
public enum LineRecords {
  /// `{"source","line","reason","field","detail","raw"}`; `raw_base64` instead of `raw` when
  /// the bytes are not UTF-8; `"raw_truncated":true,"raw_bytes":N` when only a prefix is kept.
  public static func rejectLine(_ rejection: Rejection) -> [UInt8] {
    var members: [(String, [UInt8])] = [
      ("source", JSONText.quoted(rejection.origin.source)), ("line", JSONText.number(rejection.origin.line)),
      ("reason", JSONText.quoted(rejection.reason.rawValue)), ("field", JSONText.quoted(rejection.field)),
      ("detail", JSONText.quoted(rejection.detail)),
    ]
    let isUTF8 = rejection.raw.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) == nil }
    if isUTF8 {
      var raw: [UInt8] = []
      JSONText.string(rejection.raw, into: &raw)
      members.append(("raw", raw))
    } else {
      members.append(("raw_base64", JSONText.quoted(Data(rejection.raw).base64EncodedString())))
    }
    if let total = rejection.rawBytes {
      members.append(("raw_truncated", Array("true".utf8)))
      members.append(("raw_bytes", JSONText.number(total)))
    }
    return JSONText.object(members) + [0x0A]
  }

  /// `{"id","source","line","kept_source","kept_line","raw"}`.
  public static func conflictLine(_ conflict: Conflict) -> [UInt8] {
    var raw: [UInt8] = []
    JSONText.string(conflict.raw, into: &raw)
    return JSONText.object([
      ("id", JSONText.quoted(conflict.id.description)), ("source", JSONText.quoted(conflict.origin.source)),
      ("line", JSONText.number(conflict.origin.line)), ("kept_source", JSONText.quoted(conflict.kept.source)),
      ("kept_line", JSONText.number(conflict.kept.line)), ("raw", raw),
    ]) + [0x0A]
  }
}
