import Testing

@testable import CostRoll

@Suite struct UUIDValueTests {
  @Test func parsesAnyCaseAndPrintsLowercase() {
    #expect(UUIDValue("1B4E28BA-2fa1-41D2-883f-0016D3CCA427")?.description == "1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    #expect(UUIDValue("00000000-0000-0000-0000-000000000000")?.bits == 0)
    #expect(UUIDValue("ffffffff-ffff-ffff-ffff-ffffffffffff")?.bits == UInt128.max)
  }

  @Test func refusesEverythingElse() {
    let good = Array("1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    for index in good.indices {
      var bad = good
      bad[index] = good[index] == "-" ? "0" : "g"
      #expect(UUIDValue(String(bad)) == nil, "\(String(bad))")
    }
    for text in [
      "", "1b4e28ba-2fa1-41d2-883f-0016d3cca42", "1b4e28ba-2fa1-41d2-883f-0016d3cca4277",
      "{1b4e28ba-2fa1-41d2-883f-0016d3cca427}",
    ] {
      #expect(UUIDValue(text) == nil)
    }
  }

  @Test func textOrderIsNumericOrder() {
    let a = UUIDValue("0000000a-0000-0000-0000-000000000000")!
    let b = UUIDValue("000000a0-0000-0000-0000-000000000000")!
    #expect(a < b)
    #expect(a.description < b.description)
  }
}
