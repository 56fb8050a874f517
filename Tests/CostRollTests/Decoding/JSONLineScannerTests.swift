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

  /// Strings are read eight bytes at a time: a quote, backslash or control character is found
  /// at every position against the word boundaries, and high bytes never count as control.
  @Test func stringEndsEscapesAndControlCharactersAtEveryPosition() {
    for length in 0..<20 {
      for position in 0...length {
        var body = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        if position < length { body[position] = 0xC3 }  // a high byte, then é's second byte:
        if position + 1 < length { body[position + 1] = 0xA9 }
        let prefix = Array(#"{"k":""#.utf8)
        func line(_ body: [UInt8]) -> [UInt8] { prefix + body + Array(#""}"#.utf8) }
        var scanner = JSONLineScanner()
        let plain = line(body).withUnsafeBufferPointer { scanner.scan($0) }
        #expect(plain == nil && scanner.members.first?.value == prefix.count..<(prefix.count + length))
        // Bytes from 0x7F up are noted wherever they stand, and only then.
        #expect(scanner.hasWideBytes == (position < length), "\(position) of \(length)")
        for wide: UInt8 in [0x7F, 0x80, 0xFF] where position < length {
          var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
          text[position] = wide
          #expect(line(text).withUnsafeBufferPointer { scanner.scan($0) } == nil)
          #expect(scanner.hasWideBytes, "\(wide) at \(position) of \(length)")
          #expect(scanner.members.first?.value == prefix.count..<(prefix.count + length))
          #expect(line(Array(text.prefix(position))).withUnsafeBufferPointer { scanner.scan($0) } == nil)
          #expect(!scanner.hasWideBytes, "nothing from 0x7F up before \(position)")
        }
        guard position < length else { continue }
        var control = body
        control[position] = 0x1F
        #expect(
          line(control).withUnsafeBufferPointer { scanner.scan($0) }
            == .malformed("control character inside a string at byte \(prefix.count + position + 1)"))
        var escape = body
        escape[position] = UInt8(ascii: "\\")
        escape.insert(UInt8(ascii: "n"), at: position + 1)
        #expect(line(escape).withUnsafeBufferPointer { scanner.scan($0) } == nil)
        #expect(scanner.members.first?.valueEscaped == true)
        #expect(scanner.members.first?.value == prefix.count..<(prefix.count + length + 1))
        var quote = body
        quote[position] = UInt8(ascii: "\"")
        // The string ends at the quote, and the byte after it is not `,` or `}`.
        #expect(
          line(quote).withUnsafeBufferPointer { scanner.scan($0) }
            == .malformed("expected ',' or '}' at byte \(prefix.count + position + 2)"))
      }
    }
  }
}

@Suite struct FlatObjectScanTests {
  let shapes = [
    #"{"id":"3ee2b327-9eee-2d8e-2940-a9e35311f0ca","timestamp":"2026-10-01T09:21:06.515Z","user_id":null,"#
      + #""quantity":"1","unit_cost_usd":0.039,"total_cost_usd":4.5e-3,"metadata":{"region":"eu-west-1","attempt":1},"#
      + #""ok":true,"no":false}"#,
    #" { "a" : "x\"y\u00e9" , "b" : -0.5E+2 , "m" : { } , "n" : { "k" : null } } "#,
    #"{}"#,
    #"{"a":1,"b":[1,2],"c":{"d":{"e":1}}}"#,
    #"{"\u0061":1,"b":2}"#,
    #"{"k":{"a":1,"a":2}}"#,
    #"{"ab":1,"ba":2,"a_b":3,"axb":4}"#,
  ]

  /// Whenever the fast path accepts a line, the full scan accepts it too and records the same
  /// members; checked on event-shaped lines and on thousands of random edits of them.
  @Test func theFastPathAcceptsOnlyWhatTheFullScanAcceptsAndAgrees() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array(#"{}[]":,\ 0-1.eE+tfnulx"#.utf8) + [0x09, 0x0A, 0x0D, 0x01]
    var accepted = 0
    for shape in shapes {
      let bytes = Array(shape.utf8)
      for attempt in 0..<3_000 {
        var line = bytes
        if attempt > 0 {
          for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let at = Int.random(in: 0..<line.count, using: &generator)
            let byte = alphabet.randomElement(using: &generator)!
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: line[at] = byte
            case 1: line.insert(byte, at: at)
            default: if line.count > 1 { line.remove(at: at) }
            }
          }
        }
        line.withUnsafeBufferPointer { buffer in
          var fast = JSONLineScanner()
          var full = JSONLineScanner()
          let failure = full.scanFully(buffer)
          guard fast.scanFlatObject(buffer) else { return }
          accepted += 1
          #expect(failure == nil, "\(String(decoding: buffer, as: UTF8.self))")
          #expect(fast.members == full.members, "\(String(decoding: buffer, as: UTF8.self))")
        }
      }
    }
    // The unedited event shapes take the fast path, so the comparison above is not empty.
    for shape in shapes.prefix(3) {
      var scanner = JSONLineScanner()
      #expect(Array(shape.utf8).withUnsafeBufferPointer { scanner.scanFlatObject($0) })
    }
    #expect(accepted > 1_000)
  }
}
