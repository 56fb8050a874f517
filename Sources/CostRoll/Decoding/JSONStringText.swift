/// Decodes the inside of a JSON string literal (already checked by `JSONLineScanner`) to bytes.
enum JSONStringText {
  /// The UTF-8 bytes of the string whose text between the quotes is `body`.
  static func decode(_ body: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(body.count)
    var index = 0
    let count = body.count
    while index < count {
      let byte = body[index]
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        index += 1
        continue
      }
      let escape = body[index + 1]
      index += 2
      switch escape {
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = hex4(body, index)
        index += 4
        if (0xD800...0xDBFF).contains(scalar) {
          let low = hex4(body, index + 2)
          index += 6
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        appendUTF8(scalar, to: &out)
      default: out.append(escape)  // " \ /
      }
    }
    return out
  }

  static func hex4(_ body: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32 {
    var value: UInt32 = 0
    for index in start..<(start + 4) { value = value << 4 | UInt32(UUIDValue.hexValue(body[index]) ?? 0) }
    return value
  }

  static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      out.append(UInt8(scalar))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | scalar >> 6))
      out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | scalar >> 12))
      out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      out.append(UInt8(0x80 | scalar & 0x3F))
    default:
      out.append(UInt8(0xF0 | scalar >> 18))
      out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      out.append(UInt8(0x80 | scalar & 0x3F))
    }
  }
}
