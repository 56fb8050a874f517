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

  @Test func dedupIsIdempotentOverRepeatedInput() {
    let events = (0..<20).map { copy(eventLine(["id": "\"e\($0 % 7)\"", "quantity": "\($0 % 3)"]), number: $0 + 1) }
    let once = dedup(events)
    let twice = dedup(events + events)
    #expect(Set(once.unique.map(\.origin)) == Set(twice.unique.map(\.origin)))
    #expect(twice.duplicates + twice.conflicts.count == 40 - twice.unique.count)
  }
}
