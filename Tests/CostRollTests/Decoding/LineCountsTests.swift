import Testing

@testable import CostRoll

@Suite struct LineCountsTests {
  /// Every count survives the JSON object form the state store and `run.json` use.
  @Test func jsonObjectRoundTrips() {
    var counts = LineCounts()
    counts.linesRead = 10
    counts.blankLines = 1
    counts.eventsValid = 6
    counts.rejected = 3
    counts.rejectedByReason = [.malformedJSON: 2, .invalidUUID: 1]
    counts.derivedCosts = 4
    counts.costMismatches = 5
    counts.roundedValues = 7
    #expect(LineCounts(jsonObject: counts.jsonObject) == counts)
    #expect(LineCounts(jsonObject: [:]) == LineCounts())
  }
}
