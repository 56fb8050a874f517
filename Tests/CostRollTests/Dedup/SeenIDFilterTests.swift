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

  func uuid(_ number: Int) -> String {
    let hex = String(number, radix: 16)
    return "7c9e6679-7425-40de-944b-" + String(repeating: "0", count: 12 - hex.count) + hex
  }
}

extension SeenIDFilter {
  /// The slot of `event`'s id (tests hold events as `CostEvent`s).
  func slot(of event: CostEvent) -> Slot { DecodedEvent.withFields(of: event) { slot(of: $0) } }
}
