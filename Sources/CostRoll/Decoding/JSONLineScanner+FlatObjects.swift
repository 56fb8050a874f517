extension JSONLineScanner {
  /// The fast path of `scan`, for the shape nearly every event line has: one object whose keys
  /// have no escapes and whose values are strings, numbers, literals, or objects of such values
  /// without nesting further (an event's `metadata`). True when the line has that shape and is
  /// valid: `members` then describes it exactly as the full scan would. False for anything else
  /// (other shapes and every fault, which the full scan then finds and names).
  ///
  /// The full scan's bookkeeping for any nesting (a stack, a key list per object, a state per
  /// token) costs more than reading the strings: on the benchmark's 5 M events this path saves
  /// about 1 s of the report's 18–20 s of CPU (`perf stat -e task-clock`, runs alternated).
  /// profile, most of it now `scanString`.
  mutating func scanFlatObject(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    members.removeAll(keepingCapacity: true)
    hasWideBytes = false
    let count = line.count
    var index = 0
    Self.skipSpace(line, &index)
    guard index < count, line[index] == UInt8(ascii: "{") else { return false }
    index += 1
    Self.skipSpace(line, &index)
    if index < count && line[index] == UInt8(ascii: "}") {
      index += 1
      Self.skipSpace(line, &index)
      return index == count
    }
    var signatures: UInt64 = 0
    while true {
      guard let key = plainKey(line, &index) else { return false }
      let bit = Self.signature(UnsafeBufferPointer(rebasing: line[key]))
      // Past `linearKeyLimit` keys, comparing with every earlier key would be quadratic: the
      // full scan keeps such an object's keys in a set.
      if signatures & bit != 0 {
        guard members.count < Self.linearKeyLimit else { return false }
        let bytes = UnsafeBufferPointer(rebasing: line[key])
        for member in members where UnsafeBufferPointer(rebasing: line[member.key]).hasSameBytes(as: bytes) {
          return false
        }
      }
      signatures |= bit
      Self.skipSpace(line, &index)
      guard index < count else { return false }
      let start = index
      let member: Member
      if line[index] == UInt8(ascii: "{") {
        guard scanFlatNestedObject(line, &index) else { return false }
        member = Member(key: key, keyEscaped: false, value: start..<index, valueEscaped: false, kind: .object)
      } else {
        guard let value = scanPrimitive(line, &index) else { return false }
        member = Member(key: key, keyEscaped: false, value: value.range, valueEscaped: value.escaped, kind: value.kind)
      }
      members.append(member)
      guard let closed = Self.afterMember(line, &index) else { return false }
      if closed {
        Self.skipSpace(line, &index)
        return index == count
      }
    }
  }

  /// Reads what follows a member's value: `false` after a `,` (another member follows), `true`
  /// after the `}` that closes the object, `nil` for anything else.
  @inline(__always)
  private static func afterMember(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool? {
    skipSpace(line, &index)
    guard index < line.count else { return nil }
    let byte = line[index]
    index += 1
    if byte == UInt8(ascii: ",") { return false }
    return byte == UInt8(ascii: "}") ? true : nil
  }

  /// A quoted key without escapes followed by `:`, its bytes' range; `nil` otherwise.
  @inline(__always)
  private mutating func plainKey(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Range<Int>? {
    Self.skipSpace(line, &index)
    guard index < line.count, line[index] == UInt8(ascii: "\"") else { return nil }
    let start = index + 1
    guard case .success(escaped: false) = scanString(line, &index) else { return nil }
    let key = start..<(index - 1)
    Self.skipSpace(line, &index)
    guard index < line.count, line[index] == UInt8(ascii: ":") else { return nil }
    index += 1
    return key
  }

  /// A string, number or literal at `index` (no space before it), with its range as the full
  /// scan records it; `nil` for anything else or a fault. A number must be followed by a
  /// delimiter, so that `1x` and `0123` are left to the full scan.
  @inline(__always)
  private mutating func scanPrimitive(
    _ line: UnsafeBufferPointer<UInt8>, _ index: inout Int
  ) -> (range: Range<Int>, escaped: Bool, kind: Kind)? {
    let start = index
    let byte = line[index]
    switch byte {
    case UInt8(ascii: "\""):
      guard case .success(let escaped) = scanString(line, &index) else { return nil }
      return ((start + 1)..<(index - 1), escaped, .string)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      guard scanNumber(line, &index) else { return nil }
      if index < line.count {
        let after = line[index]
        guard after == UInt8(ascii: ",") || after == UInt8(ascii: "}") || Self.isSpace(after) else { return nil }
      }
      return (start..<index, false, .number)
    case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
      let (word, kind) = Self.literal(startingWith: byte)
      guard matches(line, index, word) else { return nil }
      index += word.utf8CodeUnitCount
      return (start..<index, false, kind)
    default:
      return nil
    }
  }

  /// An object of plain keys and primitive values at `index` (its `{`); false for anything
  /// else, and when two of its keys share a signature bit (rare in a small object; the full
  /// scan then decides whether they are the same key).
  private mutating func scanFlatNestedObject(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
    let count = line.count
    var position = index + 1
    Self.skipSpace(line, &position)
    if position < count && line[position] == UInt8(ascii: "}") {
      index = position + 1
      return true
    }
    var signatures: UInt64 = 0
    while true {
      guard let key = plainKey(line, &position) else { return false }
      let bit = Self.signature(UnsafeBufferPointer(rebasing: line[key]))
      guard signatures & bit == 0 else { return false }
      signatures |= bit
      Self.skipSpace(line, &position)
      guard position < count, scanPrimitive(line, &position) != nil else { return false }
      guard let closed = Self.afterMember(line, &position) else { return false }
      if closed {
        index = position
        return true
      }
    }
  }
}
