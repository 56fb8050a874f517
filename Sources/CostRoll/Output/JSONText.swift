/// Writes JSON text one way only, so outputs are byte-for-byte reproducible: `"` `\` and
/// control characters below U+0020 escaped (short forms where JSON has them, else `\u00xx`),
/// everything else as raw UTF-8.
public enum JSONText {
  /// The quoted JSON string for `bytes` (valid UTF-8).
  public static func string<Bytes: Sequence<UInt8>>(_ bytes: Bytes, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // Most cells need no escape: copy them whole (rendering a 1 M-row report.json spent 13% of
    // a nightly run here byte by byte).
    let plain = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
      guard !buffer.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
        return false
      }
      out.append(contentsOf: buffer)
      return true
    }
    if plain == true {
      out.append(UInt8(ascii: "\""))
      return
    }
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\""): out += [0x5C, 0x22]
      case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
      case 0x0A: out += [0x5C, UInt8(ascii: "n")]
      case 0x0D: out += [0x5C, UInt8(ascii: "r")]
      case 0x09: out += [0x5C, UInt8(ascii: "t")]
      case 0x08: out += [0x5C, UInt8(ascii: "b")]
      case 0x0C: out += [0x5C, UInt8(ascii: "f")]
      case 0..<0x20:
        out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// The quoted JSON string for `text`, or `null`.
  public static func string(_ text: String?, into out: inout [UInt8]) {
    guard let text else {
      out += Array("null".utf8)
      return
    }
    var contiguous = text
    contiguous.withUTF8 { string($0, into: &out) }
  }

  /// One JSON object on one line, members in the given order. Values are already JSON text.
  public static func object(_ members: [(String, [UInt8])]) -> [UInt8] {
    var out: [UInt8] = [UInt8(ascii: "{")]
    for (index, (key, value)) in members.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      string(key.utf8, into: &out)
      out.append(UInt8(ascii: ":"))
      out += value
    }
    out.append(UInt8(ascii: "}"))
    return out
  }

  /// A JSON string value as text.
  public static func quoted(_ text: String?) -> [UInt8] {
    var out: [UInt8] = []
    string(text, into: &out)
    return out
  }

  /// A JSON number value as text.
  public static func number(_ value: Int) -> [UInt8] { Array(String(value).utf8) }
}
