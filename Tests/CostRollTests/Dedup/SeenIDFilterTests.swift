import Testing

@testable import CostRoll

@Suite struct SeenIDFilterTests {
  @Test func anIdReadsAsSeenOnlyAfterItWasMarked() {
    let filter = SeenIDFilter(byteCount: 1 << 16)
    let events = (0..<2_000).map { number in
      validEvent(eventLine(["id": number % 2 == 0 ? "\"text-\(number)\"" : "\"\(uuid(number))\""]))
    }
    var firstSeen = 0
    for event in events where filter.testAndSet(filter.slot(of: event)) { firstSeen += 1 }
    // 2,000 ids in 8,192 words: a false "maybe" is rare.
    #expect(firstSeen < 20)
    for event in events { #expect(filter.testAndSet(filter.slot(of: event))) }
    // A UUID id is the same id in any case.
    let upper = validEvent(eventLine(["id": "\"\(uuid(1).uppercased())\""]))
    #expect(filter.testAndSet(filter.slot(of: upper)))
  }

  @Test func sizeFollowsTheInputUpToASixteenthOfTheBudget() {
    // 400 JSON bytes per event, 16 bits each.
    #expect(SeenIDFilter.byteCount(forJSONBytes: 400_000_000, budgetBytes: 1 << 30) == 2_000_000)
    #expect(SeenIDFilter.byteCount(forJSONBytes: 4e12, budgetBytes: 256 << 20) == 16 << 20)
  }

  /// A mapping refused for want of memory gives the smallest filter (any size gives the same
  /// outputs), not a crash.
  @Test func aRefusedMappingFallsBackToTheSmallestFilter() {
    var asked: [Int] = []
    let filter = SeenIDFilter(byteCount: 16 << 20) { bytes in
      asked.append(bytes)
      return bytes > 4 << 20 ? nil : SeenIDFilter.mapAnonymous(bytes)
    }
    #expect(asked == [(16 << 20) + (2 << 20), (64 << 10) + (2 << 20)])
    #expect(filter.byteCount == 64 << 10)
    let event = validEvent(eventLine([:]))
    #expect(!filter.testAndSet(filter.slot(of: event)))
    #expect(filter.testAndSet(filter.slot(of: event)))
    #expect(SeenIDFilter(byteCount: 16 << 20).byteCount == 16 << 20)
  }

  func uuid(_ number: Int) -> String {
    let hex = String(number, radix: 16)
    return "7c9e6679-7425-40de-944b-" + String(repeating: "0", count: 12 - hex.count) + hex
  }
}

extension SeenIDFilter {
  /// The slot of `event`'s id (tests hold events as `CostEvent`s).
  func slot(of event: CostEvent) -> Slot { DecodedEvent.withFields(of: event) { slot(of: $0) } }
}
