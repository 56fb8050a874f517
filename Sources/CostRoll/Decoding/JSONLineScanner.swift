/// A strict RFC 8259 scanner for one line of JSON, in one pass without building a tree.
///
/// It checks the whole line (grammar, escapes, lone surrogates, nesting depth, duplicate keys at
/// any depth) and records where each top-level member's key and value are, so the decoder reads
/// only the fields it needs. Iterative, so a line of a million `[` cannot overflow the stack.
/// It does not check UTF-8: bytes from 0x7F up are only noted (`hasWideBytes`), so that the
/// decoder validates UTF-8 only for lines that have them (or that fail). Hand-written because
/// Foundation's `JSONSerialization` (about 61 MB/s here, against this scanner's few hundred)
/// neither reports duplicate keys nor keeps number text exact.
struct JSONLineScanner {
  /// What kind of value a member holds.
  enum Kind: Equatable {
    case string, number, trueLiteral, falseLiteral, null, object, array
  }

  /// A top-level member: byte ranges of its key and value (for a string: inside the quotes).
  struct Member: Equatable {
    var key: Range<Int>
    var keyEscaped: Bool
    var value: Range<Int>
    var valueEscaped: Bool
    var kind: Kind
  }

  /// Why a line is not one acceptable JSON object, in precedence order.
  enum Failure: Equatable {
    case malformed(String)
    case notObject
    case tooDeep
    case duplicateKey(String)
  }

  /// The deepest nesting allowed; the top-level object is depth 1.
  static let maxDepth = 64

  /// The top-level members of the last line scanned without failure.
  var members: [Member] = []
  /// Whether a string of the last line scanned had a byte from 0x7F (DEL) up. Bytes outside
  /// strings are ASCII in any line that scans without failure, so when this is false after a
  /// successful scan the whole line is ASCII without DEL: valid UTF-8, and its unescaped strings
  /// hold no control character (the scan rejects those below 0x20).
  var hasWideBytes = false

  private var stack: [Bool] = []  // true for an object
  private var keys: [(range: Range<Int>, escaped: Bool)] = []
  private var frameStarts: [Int] = []
  /// Per open object, one bit per key signature seen (see `signature`): a key whose bit is not
  /// set cannot be a duplicate, so most keys skip the comparison with every earlier key.
  private var frameSignatures: [UInt64] = []
  /// Key sets of open objects that grew past `linearKeyLimit` keys, by frame index, so that a
  /// line of 100,000 keys costs a hash lookup per key rather than a scan.
  private var largeFrames: [Int: Set<[UInt8]>] = [:]
  static let linearKeyLimit = 32

  init() {}

  private enum State { case value, afterValue, key }

  /// Scans `line`; `nil` means it is one JSON value that is an object, within depth, without
  /// duplicate keys, and `members` describes it. Most lines take the fast path for flat
  /// objects (`scanFlatObject`); the others, and every line with a fault, take the full scan.
  mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Failure? {
    if scanFlatObject(line) { return nil }
    return scanFully(line)
  }

  /// The full scan, for any line.
  mutating func scanFully(_ line: UnsafeBufferPointer<UInt8>) -> Failure? {
    members.removeAll(keepingCapacity: true)
    hasWideBytes = false
    stack.removeAll(keepingCapacity: true)
    keys.removeAll(keepingCapacity: true)
    frameStarts.removeAll(keepingCapacity: true)
    frameSignatures.removeAll(keepingCapacity: true)
    largeFrames.removeAll()
    let count = line.count
    var index = 0
    var tooDeep = false
    var duplicate: String?
    var topKind: Kind?
    var memberKey: Range<Int> = 0..<0
    var memberKeyEscaped = false
    var memberValueStart = 0
    var state = State.value

    func finishMember(_ kind: Kind, _ range: Range<Int>, escaped: Bool) {
      if stack.count == 1 && stack[0] {
        members.append(
          Member(key: memberKey, keyEscaped: memberKeyEscaped, value: range, valueEscaped: escaped, kind: kind))
      }
    }

    while true {
      switch state {
      case .value:
        Self.skipSpace(line, &index)
        guard index < count else { return .malformed("unexpected end of line, a value was expected") }
        let start = index
        let byte = line[index]
        if topKind == nil { topKind = kindOf(byte) }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          let isObject = byte == UInt8(ascii: "{")
          if stack.count == 1 { memberValueStart = start }
          stack.append(isObject)
          if stack.count > Self.maxDepth { tooDeep = true }
          if isObject {
            frameStarts.append(keys.count)
            frameSignatures.append(0)
          }
          index += 1
          Self.skipSpace(line, &index)
          if index < count, line[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
            index += 1
            closeContainer(isObject)
            if stack.count == 1 { finishMember(isObject ? .object : .array, memberValueStart..<index, escaped: false) }
            state = .afterValue
          } else {
            state = isObject ? .key : .value
          }
        case UInt8(ascii: "\""):
          switch scanString(line, &index) {
          case .failure(let message): return .malformed(message)
          case .success(let escaped):
            finishMember(.string, (start + 1)..<(index - 1), escaped: escaped)
          }
          state = .afterValue
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          guard scanNumber(line, &index) else { return .malformed("invalid number at byte \(start + 1)") }
          finishMember(.number, start..<index, escaped: false)
          state = .afterValue
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
          let (word, kind) = Self.literal(startingWith: byte)
          guard matches(line, index, word) else { return .malformed("invalid literal at byte \(start + 1)") }
          index += word.utf8CodeUnitCount
          finishMember(kind, start..<index, escaped: false)
          state = .afterValue
        default:
          return .malformed("unexpected character at byte \(start + 1)")
        }
      case .key:
        Self.skipSpace(line, &index)
        guard index < count, line[index] == UInt8(ascii: "\"") else {
          return .malformed("expected a quoted key at byte \(index + 1)")
        }
        let start = index + 1
        let escaped: Bool
        switch scanString(line, &index) {
        case .failure(let message): return .malformed(message)
        case .success(let value): escaped = value
        }
        let range = start..<(index - 1)
        Self.skipSpace(line, &index)
        guard index < count, line[index] == UInt8(ascii: ":") else {
          return .malformed("expected ':' after a key at byte \(index + 1)")
        }
        index += 1
        if recordKey(line, range, escaped), duplicate == nil {
          duplicate = String(decoding: keyBytes(line, range, escaped), as: UTF8.self)
        }
        if stack.count == 1 {
          memberKey = range
          memberKeyEscaped = escaped
        }
        state = .value
      case .afterValue:
        Self.skipSpace(line, &index)
        guard let isObject = stack.last else {
          guard index == count else { return .malformed("unexpected data after the value at byte \(index + 1)") }
          guard topKind == .object else { return .notObject }
          if tooDeep { return .tooDeep }
          if let duplicate { return .duplicateKey(duplicate) }
          return nil
        }
        guard index < count else {
          return .malformed("unexpected end of line inside an \(isObject ? "object" : "array")")
        }
        let byte = line[index]
        index += 1
        if byte == UInt8(ascii: ",") {
          state = isObject ? .key : .value
        } else if byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
          closeContainer(isObject)
          if stack.count == 1 { finishMember(isObject ? .object : .array, memberValueStart..<index, escaped: false) }
        } else {
          return .malformed("expected ',' or '\(isObject ? "}" : "]")' at byte \(index)")
        }
      }
    }
  }

  private mutating func closeContainer(_ isObject: Bool) {
    stack.removeLast()
    if isObject {
      largeFrames[frameStarts.count - 1] = nil
      keys.removeSubrange(frameStarts.removeLast()...)
      frameSignatures.removeLast()
    }
  }

  /// Adds a key to the innermost open object; true when it was there already.
  private mutating func recordKey(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ escaped: Bool) -> Bool {
    let frame = frameStarts.count - 1
    let frameStart = frameStarts[frame]
    if largeFrames[frame] == nil, keys.count - frameStart < Self.linearKeyLimit {
      let bit: UInt64 =
        escaped
        ? keyBytes(line, range, true).withUnsafeBufferPointer { Self.signature($0) }
        : Self.signature(UnsafeBufferPointer(rebasing: line[range]))
      let seen = frameSignatures[frame] & bit != 0 && isDuplicate(line, range, escaped)
      frameSignatures[frame] |= bit
      keys.append((range, escaped))
      return seen
    }
    if largeFrames[frame] == nil {
      largeFrames[frame] = Set(keys[frameStart...].map { keyBytes(line, $0.range, $0.escaped) })
    }
    return !largeFrames[frame]!.insert(keyBytes(line, range, escaped)).inserted
  }

  /// One of 64 bits for a key's decoded bytes, from its length and first and last bytes: equal
  /// keys always share the bit.
  static func signature(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let first = key.first, let last = key.last else { return 1 }
    return 1 << ((UInt64(key.count) &* 7 &+ UInt64(first) &* 3 &+ UInt64(last)) & 63)
  }

  /// Whether `byte` is JSON whitespace.
  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

  /// Moves `index` past JSON whitespace.
  @inline(__always)
  static func skipSpace(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
    while index < line.count && isSpace(line[index]) { index += 1 }
  }

  /// The literal a value starting with `t`, `f` or `n` must be, and its kind.
  static func literal(startingWith byte: UInt8) -> (word: StaticString, kind: Kind) {
    switch byte {
    case UInt8(ascii: "t"): return ("true", .trueLiteral)
    case UInt8(ascii: "f"): return ("false", .falseLiteral)
    default: return ("null", .null)
    }
  }

  private func kindOf(_ byte: UInt8) -> Kind {
    switch byte {
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "\""): return .string
    default: return .number
    }
  }

  /// Whether the key `range` already stands in the innermost open object.
  private func isDuplicate(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ escaped: Bool) -> Bool {
    guard let frameStart = frameStarts.last, frameStart < keys.count else { return false }
    let plain = escaped ? nil : UnsafeBufferPointer(rebasing: line[range])
    let decoded = escaped ? keyBytes(line, range, true) : nil
    for other in keys[frameStart...] {
      if let plain, !other.escaped {
        if UnsafeBufferPointer(rebasing: line[other.range]).hasSameBytes(as: plain) {
          return true
        }
        continue
      }
      let otherBytes = keyBytes(line, other.range, other.escaped)
      if let decoded, decoded == otherBytes { return true }
      if let plain, otherBytes.hasSameBytes(as: plain) { return true }
    }
    return false
  }

  private func keyBytes(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ escaped: Bool) -> [UInt8] {
    let body = UnsafeBufferPointer(rebasing: line[range])
    return escaped ? JSONStringText.decode(body) : Array(body)
  }

  func matches(_ line: UnsafeBufferPointer<UInt8>, _ index: Int, _ word: StaticString) -> Bool {
    let length = word.utf8CodeUnitCount
    guard index + length <= line.count else { return false }
    let bytes = UnsafeBufferPointer(start: word.utf8Start, count: length)
    return UnsafeBufferPointer(rebasing: line[index..<(index + length)]).hasSameBytes(as: bytes)
  }

  enum StringScan {
    case success(escaped: Bool)
    case failure(String)
  }

  /// Scans a string starting at the opening quote; leaves `index` after the closing quote.
  mutating func scanString(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> StringScan {
    let count = line.count
    let start = index
    index += 1
    var escaped = false
    while index < count {
      // Eight bytes at a time up to the first quote, backslash, control character or byte from
      // 0x7F up. Each test flags a byte by its high bit; borrows and carries can flag bytes
      // after a true one, never before, so the lowest flag is exact. Against a byte loop, about
      // 0.8 s of the 5 M-event report's 18 s of CPU (`perf stat -e task-clock`, alternated).
      while index + 8 <= count {
        let word = UInt64(
          littleEndian: UnsafeRawPointer(line.baseAddress! + index).loadUnaligned(as: UInt64.self))
        let quotes = word ^ 0x2222_2222_2222_2222
        let backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
        let flags =
          ((quotes &- 0x0101_0101_0101_0101) & ~quotes | (backslashes &- 0x0101_0101_0101_0101) & ~backslashes
            | (word &- 0x2020_2020_2020_2020) & ~word | (word &+ 0x0101_0101_0101_0101) | word)
          & 0x8080_8080_8080_8080
        if flags == 0 {
          index += 8
        } else {
          index += flags.trailingZeroBitCount / 8
          break
        }
      }
      guard index < count else { break }
      let byte = line[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return .success(escaped: escaped)
      }
      if byte < 0x20 { return .failure("control character inside a string at byte \(index + 1)") }
      if byte != UInt8(ascii: "\\") {
        if byte >= 0x7F { hasWideBytes = true }
        index += 1
        continue
      }
      escaped = true
      guard index + 1 < count else { break }
      let escape = line[index + 1]
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
        index += 2
      case UInt8(ascii: "u"):
        guard let unit = hex4(line, index + 2) else { return .failure("bad \\u escape at byte \(index + 1)") }
        index += 6
        if (0xDC00...0xDFFF).contains(unit) { return .failure("lone surrogate escape at byte \(index - 5)") }
        if (0xD800...0xDBFF).contains(unit) {
          guard index + 1 < count, line[index] == UInt8(ascii: "\\"), line[index + 1] == UInt8(ascii: "u"),
            let low = hex4(line, index + 2), (0xDC00...0xDFFF).contains(low)
          else { return .failure("lone surrogate escape at byte \(index - 5)") }
          index += 6
        }
      default:
        return .failure("invalid escape at byte \(index + 1)")
      }
    }
    return .failure("unterminated string starting at byte \(start + 1)")
  }

  private func hex4(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32? {
    guard start + 4 <= line.count else { return nil }
    var value: UInt32 = 0
    for index in start..<(start + 4) {
      guard let nibble = UUIDValue.hexValue(line[index]) else { return nil }
      value = value << 4 | UInt32(nibble)
    }
    return value
  }

  /// Scans `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; false when that grammar is broken.
  func scanNumber(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
    let count = line.count
    @inline(__always) func isDigit(_ i: Int) -> Bool { i < count && line[i] &- UInt8(ascii: "0") < 10 }
    if line[index] == UInt8(ascii: "-") { index += 1 }
    guard isDigit(index) else { return false }
    if line[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while isDigit(index) { index += 1 }
    }
    if index < count, line[index] == UInt8(ascii: ".") {
      index += 1
      guard isDigit(index) else { return false }
      while isDigit(index) { index += 1 }
    }
    if index < count, line[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < count, line[index] == UInt8(ascii: "+") || line[index] == UInt8(ascii: "-") { index += 1 }
      guard isDigit(index) else { return false }
      while isDigit(index) { index += 1 }
    }
    // A number must not run into letters or digits ("0123", "1x"): the caller sees the next byte.
    return true
  }
}
