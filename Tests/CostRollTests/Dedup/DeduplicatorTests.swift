import Testing

@testable import CostRoll

/// Decodes test lines and remembers them by origin, as the sources would hold them.
final class LineBook {
  var lines: [LineOrigin: [UInt8]] = [:]

  func copy(_ line: String, source: String = "s", number: Int) -> CostEvent {
    lines[LineOrigin(source: source, line: number)] = Array(line.utf8)
    return validEvent(line, source: source, line: number)
  }
}

@Suite struct DeduplicatorTests {
  let book = LineBook()

  func copy(_ line: String, source: String = "s", number: Int) -> CostEvent {
    book.copy(line, source: source, number: number)
  }

  func dedup(_ events: [CostEvent]) -> DedupResult {
    var deduplicator = Deduplicator()
    for event in events { deduplicator.insert(event) }
    let needed = deduplicator.linesNeeded()
    return deduplicator.finish(lines: book.lines.filter { needed.contains($0.key) })
  }

  @Test func equalContentHoweverSpelledIsADuplicate() {
    let a = copy(eventLine(), number: 1)
    let b = copy(
      eventLine([
        "quantity": "1834.000", "unit_cost_usd": "7.5e-7", "total_cost_usd": "0.0013755000000000001",
        "timestamp": "\"2026-11-24T14:05:22.123+01:00\"", "id": "\"7C9E6679-7425-40DE-944B-E07FC1F90AE7\"",
        "metadata": "{\"other\":true}", "created_at": "\"2026-11-24T13:05:23Z\"",
      ]), number: 2)
    let result = dedup([a, b])
    #expect(result.unique.count == 1)
    #expect(result.duplicates == 1)
    #expect(result.conflicts.isEmpty)
  }

  /// Copies that agree with the first are kept as created_at and origin only; when a differing
  /// copy arrives, one of them can still win, and the others are named with their own lines.
  @Test func anAgreeingCopyAfterTheFirstCanWinAgainstADifferingOne() {
    let first = copy(eventLine(["created_at": "\"2026-11-24T13:00:03Z\""]), number: 1)
    let earliest = copy(eventLine(["created_at": "\"2026-11-24T13:00:01Z\""]), number: 2)
    let differing = copy(eventLine(["quantity": "9", "created_at": "\"2026-11-24T13:00:02Z\""]), number: 3)
    let same = copy(eventLine(["created_at": "\"2026-11-24T13:00:04Z\""]), number: 4)
    for order in [
      [first, earliest, differing, same], [differing, same, earliest, first], [same, first, differing, earliest],
    ] {
      let result = dedup(order)
      #expect(result.unique.map(\.origin.line) == [2])
      #expect(result.unique.first?.createdAt == earliest.createdAt)
      #expect(result.duplicates == 2)
      #expect(result.conflicts.map(\.origin.line) == [3])
      #expect(result.conflicts.first?.kept.line == 2)
    }
  }

  @Test func earliestCreatedAtWinsAndAbsentIsLatest() {
    let early = copy(eventLine(["quantity": "1", "created_at": "\"2026-11-24T13:00:00Z\""]), number: 1)
    let late = copy(eventLine(["quantity": "2", "created_at": "\"2026-11-24T14:00:00Z\""]), number: 2)
    let absent = copy(eventLine(["quantity": "3"], removing: ["created_at"]), number: 3)
    for order in [[early, late, absent], [absent, late, early], [late, absent, early]] {
      let result = dedup(order)
      #expect(result.unique.first?.quantity.description == "1")
      #expect(result.conflicts.map(\.origin.line) == [2, 3])
      #expect(result.conflicts.allSatisfy { $0.kept.line == 1 })
    }
  }

  @Test func smallestRawLineBreaksCreatedAtTies() {
    let a = copy(eventLine(["quantity": "1"], removing: ["created_at"]), number: 1)
    let b = copy(eventLine(["quantity": "2"], removing: ["created_at"]), number: 2)
    for order in [[a, b], [b, a]] {
      let result = dedup(order)
      #expect(result.unique.first?.quantity.description == "1")
      #expect(result.conflicts.first?.raw == book.lines[b.origin])
    }
  }

  @Test func conflictingCopyAgainstTheWinnerNotAgainstEachOther() {
    // Two identical losers that differ from the winner are both conflicts.
    let winner = copy(eventLine(["quantity": "1", "created_at": "\"2026-11-24T13:00:00Z\""]), number: 1)
    let loser = eventLine(["quantity": "2", "created_at": "\"2026-11-24T14:00:00Z\""])
    let result = dedup([copy(loser, number: 2), winner, copy(loser, source: "t", number: 9)])
    #expect(result.conflicts.count == 2)
    #expect(result.duplicates == 0)
    #expect(result.conflicts.map(\.origin.source) == ["s", "t"])
  }

  @Test func linesAreNeededOnlyForIdsWhoseCopiesDiffer() {
    var deduplicator = Deduplicator()
    deduplicator.insert(copy(eventLine(["id": "\"same\""]), number: 1))
    deduplicator.insert(copy(eventLine(["id": "\"same\"", "quantity": "1834.0"]), number: 2))
    deduplicator.insert(copy(eventLine(["id": "\"alone\""]), number: 3))
    deduplicator.insert(copy(eventLine(["id": "\"differs\"", "quantity": "1"]), number: 4))
    deduplicator.insert(copy(eventLine(["id": "\"differs\"", "quantity": "2"]), number: 5))
    #expect(Set(deduplicator.linesNeeded().map(\.line)) == [4, 5])
  }

  /// The hash of a copy's line, as the shards carry it.
  func hash(_ event: CostEvent) -> UInt64 { book.lines[event.origin]!.withUnsafeBufferPointer { LineHash.of($0) } }

  /// With line hashes, only the lines that reach an output or decide the winner are needed:
  /// not the winner's when it has the earliest `created_at` alone, and not those of copies
  /// tied on it whose lines hash alike (one line: the first origin wins); but every copy's
  /// when tied copies' hashes differ, or agree while their contents do not (not one line).
  @Test func lineHashesSettleWinnersWithoutTheirLines() {
    let original = eventLine(["created_at": "\"2026-11-24T13:00:01Z\""])
    let later = eventLine(["quantity": "9", "created_at": "\"2026-11-24T14:00:00Z\""])
    let cases: [(copies: [CostEvent], needed: Set<Int>, kept: Int)] = [
      ([copy(original, number: 1), copy(later, number: 2)], [2], 1),
      // An exact duplicate of the original (same line, same hash) ties with it.
      ([copy(later, number: 3), copy(original, number: 5), copy(original, source: "r", number: 4)], [3], 4),
      // Tied copies with different lines: every line (".000Z" sorts before "Z").
      (
        [
          copy(original, number: 6), copy(later, number: 7),
          copy(eventLine(["created_at": "\"2026-11-24T13:00:01.000Z\""]), number: 8),
        ], [6, 7, 8], 8
      ),
    ]
    for (copies, needed, kept) in cases {
      for order in [copies, copies.reversed()] {
        var deduplicator = Deduplicator()
        for event in order { deduplicator.insert(event, lineHash: hash(event)) }
        #expect(Set(deduplicator.linesNeeded().map(\.line)) == needed)
        let result = deduplicator.finish(lines: book.lines.filter { needed.contains($0.key.line) })
        #expect(result.unique.map(\.origin.line) == [kept])
        #expect(result.unsettled.isEmpty)
        // The same outcome as with every line and no hashes.
        let plain = dedup(order)
        #expect(result.conflicts.map(\.origin) == plain.conflicts.map(\.origin))
        #expect(result.conflicts.map(\.raw) == plain.conflicts.map(\.raw))
        #expect(result.duplicates == plain.duplicates)
        #expect(plain.unique.map(\.origin.line) == [kept])
      }
    }
    // Two tied copies that disagree in content but (as if by a collision) share a hash.
    var collided = Deduplicator()
    let a = copy(eventLine(["quantity": "1"]), number: 20)
    let b = copy(eventLine(["quantity": "2"]), number: 21)
    collided.insert(a, lineHash: 7)
    collided.insert(b, lineHash: 7)
    #expect(Set(collided.linesNeeded().map(\.line)) == [20, 21])
  }

  /// A conflicting copy whose line is not given waits as a conflict without its line (its id
  /// is settled: the winner needs no line); an id whose winner needs lines that are not all
  /// given is handed back unsettled, neither kept nor counted, and given them later, settles
  /// as if they had been there at once.
  @Test func whatLacksLinesWaits() {
    let events = [
      copy(eventLine(["id": "\"x\"", "quantity": "1", "created_at": "\"2026-11-24T13:00:00Z\""]), number: 1),
      copy(eventLine(["id": "\"x\"", "quantity": "2", "created_at": "\"2026-11-24T14:00:00Z\""]), number: 2),
      copy(eventLine(["id": "\"y\"", "quantity": "1", "created_at": "\"2026-11-24T13:00:00Z\""]), number: 3),
      copy(eventLine(["id": "\"y\"", "quantity": "2", "created_at": "\"2026-11-24T14:00:00Z\""]), number: 4),
      copy(eventLine(["id": "\"z\""]), number: 5),
      copy(eventLine(["id": "\"z\""]), number: 6),
      // Tied on created_at with different lines: the winner needs both.
      copy(eventLine(["id": "\"w\"", "quantity": "2"]), number: 7),
      copy(eventLine(["id": "\"w\"", "quantity": "1"]), number: 8),
    ]
    var deduplicator = Deduplicator()
    for event in events { deduplicator.insert(event, lineHash: hash(event)) }
    // Lines 2 (x's conflicting copy) and 7 are missing.
    let first = deduplicator.finish(lines: book.lines.filter { [4, 8].contains($0.key.line) })
    #expect(Set(first.unique.map(\.origin.line)) == [1, 3, 5])
    #expect(first.uniqueCount == 3)
    #expect(first.duplicates == 1)
    #expect(first.conflicts.map(\.origin.line) == [4])
    #expect(first.awaitingLines.map(\.origin.line) == [2])
    #expect(first.awaitingLines.map(\.kept.line) == [1])
    #expect(first.awaitingLines.first?.lineHash == hash(events[1]))
    #expect(Set(first.unsettled.linesNeeded().map(\.line)) == [7, 8])
    let second = first.unsettled.finish(lines: book.lines.filter { [7, 8].contains($0.key.line) })
    #expect(second.unique.map(\.origin.line) == [8])
    #expect(second.conflicts.map(\.raw) == [book.lines[events[6].origin]!])
    #expect(second.unsettled.isEmpty && second.awaitingLines.isEmpty)
  }

  @Test func dedupIsIdempotentOverRepeatedInput() {
    let events = (0..<20).map { copy(eventLine(["id": "\"e\($0 % 7)\"", "quantity": "\($0 % 3)"]), number: $0 + 1) }
    let once = dedup(events)
    let twice = dedup(events + events)
    #expect(Set(once.unique.map(\.origin)) == Set(twice.unique.map(\.origin)))
    #expect(twice.duplicates + twice.conflicts.count == 40 - twice.unique.count)
  }
}
