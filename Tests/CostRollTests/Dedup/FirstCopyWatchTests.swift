import Testing

@testable import CostRoll

@Suite struct FirstCopyWatchTests {
  let early = Instant(seconds: 100)
  let late = Instant(seconds: 200)
  let deep = FirstCopyWatch.deepLine + 1

  /// Only a watched id's first copy that is deep in its file and may be needed (a later copy
  /// it does not beat, with another line) switches the spool to keeping every line.
  @Test func aDeepFirstCopyThatMayBeNeededSwitchesToKeepingEveryLine() {
    let cases: [(first: (line: Int, created: Instant?, hash: UInt64), later: (Instant?, UInt64), switches: Bool)] = [
      ((deep, late, 1), (early, 2), true),  // the first copy loses: its line is a conflict's
      ((deep, early, 1), (early, 2), true),  // a tie between different lines
      ((deep, nil, 1), (nil, 2), true),  // absent counts as latest: a tie
      ((deep, nil, 1), (late, 2), true),  // absent loses
      ((deep, early, 1), (late, 2), false),  // the first copy wins: its line is not needed
      ((deep, early, 1), (nil, 2), false),
      ((deep, late, 1), (early, 1), false),  // the same line (an exact duplicate)
      ((FirstCopyWatch.deepLine, late, 1), (early, 2), false),  // near the start of its file
    ]
    for (first, later, switches) in cases {
      let watch = FirstCopyWatch()
      watch.note(key: 64, line: first.line, createdAt: first.created, lineHash: first.hash)
      #expect(!watch.keepsAll)
      watch.note(key: 64, line: 1, createdAt: later.0, lineHash: later.1)
      #expect(watch.keepsAll == switches, "\(first) then \(later)")
    }
    // An id outside the sample is not watched.
    let watch = FirstCopyWatch()
    watch.note(key: 65, line: deep, createdAt: late, lineHash: 1)
    watch.note(key: 65, line: 1, createdAt: early, lineHash: 2)
    #expect(!watch.keepsAll)
  }

  /// The watch notes a bounded number of first copies: one past the limit is not watched.
  @Test func notesAtMostMaxNotedFirstCopies() {
    let watch = FirstCopyWatch()
    // The first noted copy is deep and late; the others are at line 1.
    watch.note(key: 0, line: deep, createdAt: late, lineHash: 1)
    for index in 1..<FirstCopyWatch.maxNoted {
      watch.note(key: UInt64(index) << 4, line: 1, createdAt: nil, lineHash: 1)
    }
    let extra = UInt64(FirstCopyWatch.maxNoted) << 4
    watch.note(key: extra, line: deep, createdAt: late, lineHash: 1)
    watch.note(key: extra, line: 1, createdAt: early, lineHash: 2)
    #expect(!watch.keepsAll)
    // A noted one still counts.
    watch.note(key: 0, line: 1, createdAt: early, lineHash: 3)
    #expect(watch.keepsAll)
  }

  /// Once switched, the spool keeps first-seen lines too.
  @Test func theSpoolKeepsEveryLineOnceSwitched() throws {
    let spool = try LineSpool(filterBytes: 1 << 16)
    defer { spool.remove() }
    let writer = try spool.writer(source: 0)
    let text = (0..<4).map { Array("line \($0)".utf8) }
    let events = (0..<4).map { validEvent(eventLine(["id": "\"n\($0)\""])) }
    for index in 0..<2 {
      try text[index].withUnsafeBufferPointer {
        try writer.offer($0, number: index + 1, slot: spool.seen.slot(of: events[index]))
      }
    }
    spool.watch.note(key: 0, line: deep, createdAt: late, lineHash: 1)
    spool.watch.note(key: 0, line: deep + 1, createdAt: early, lineHash: 2)
    for index in 2..<4 {
      try text[index].withUnsafeBufferPointer {
        try writer.offer($0, number: index + 1, slot: spool.seen.slot(of: events[index]))
      }
    }
    try writer.close()
    let fetched = try spool.fetch((1...4).map { LineOrigin(source: "a", line: $0) }, sourceNames: ["a"])
    #expect(fetched.keys.map(\.line).sorted() == [3, 4])
    #expect(fetched[LineOrigin(source: "a", line: 3)] == text[2])
  }
}
