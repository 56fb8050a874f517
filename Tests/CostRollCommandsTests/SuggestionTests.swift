import Testing

@testable import CostRollCommands

@Suite struct SuggestionTests {
  @Test func distancesAndTheClosestWord() {
    #expect(Suggestion.distance("kitten", "sitting") == 3)
    #expect(Suggestion.distance("", "day") == 3 && Suggestion.distance("day", "") == 3)
    #expect(Suggestion.distance("reprot", "report") == 2)
    #expect(Suggestion.closest(to: "Days", among: ["hour", "day", "week"]) == "day")
    #expect(Suggestion.closest(to: "fortnight", among: ["hour", "day", "week"]) == nil)
  }
}
