import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

/// Reports are written through `ReportRowBytes`; tables (pipelines, tests) through cells. The
/// two must give the same bytes.
@Suite struct ReportRowBytesTests {
  /// Events with labels a CSV cell must quote or guard and a JSON string must escape, UUIDs and
  /// nulls, in several hours and days, with exact and derived costs.
  private static let events: [CostEvent] = {
    let services = ["gemini_text", "=cmd", "+1", "-x", "@at", "a,b", "say \"hi\"", "back\\slash", "ünïcode", "x"]
    let users = ["null", "\"1b4e28ba-2fa1-41d2-883f-0016d3cca427\"", "\"FFFFFFFF-0000-4000-8000-00000000000A\""]
    var lines: [String] = []
    for index in 0..<240 {
      let service = services[index % services.count].replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "\"", with: "\\\"")
      lines.append(
        eventLine([
          "id": "\"e\(index)\"", "user_id": users[index % users.count],
          "episode_id": index % 4 == 0 ? "\"00000000-0000-4000-8000-0000000000\(10 + index % 7)\"" : "null",
          "service": "\"\(service)\"", "unit": index % 3 == 0 ? "\"tokens\"" : "\"re,quests\"",
          "timestamp": "\"2026-11-0\(1 + index % 3)T0\(index % 10):15:00Z\"",
          "quantity": "\(index * 37 % 1000).\(index)", "unit_cost_usd": "0.0000\(index % 9 + 1)",
          "total_cost_usd": index % 5 == 0 ? "null" : "\"\(index).000000000000000001\"",
        ]))
    }
    return validEvents(lines)
  }()

  @Test(
    arguments: [
      ([GroupKey.userID, .service], BucketSize.day, "UTC"), ([.unit, .category], .hour, "America/New_York"),
      ([.episodeID], nil, "UTC"), ([], nil, "UTC"), ([], .week, "Europe/Berlin"),
      ([.service, .eventType, .unit, .userID], .month, "Asia/Kolkata"),
    ] as [([GroupKey], BucketSize?, String)])
  func writtenBytesEqualTheTablesCells(keys: [GroupKey], bucket: BucketSize?, zone: String) throws {
    let calendar = bucket.map { BucketCalendar(size: $0, zone: TimeZone(identifier: zone)!, zoneName: zone) }
    var report = ReportAggregator(keys: keys, calendar: calendar, categories: .standard)
    for event in Self.events { report.add(event) }
    let directory = ScratchDirectory()
    defer { directory.remove() }
    try report.chunks().write([.csv, .json], to: [directory.path + "/r.csv", directory.path + "/r.json"])
    // One format alone (`--format json` or `csv`) gives the same file.
    try report.chunks().write([.json], to: [directory.path + "/only.json"])
    try report.chunks().write([.csv], to: [directory.path + "/only.csv"])
    #expect(directory.read("only.json") == directory.read("r.json"))
    #expect(directory.read("only.csv") == directory.read("r.csv"))
    let table = report.table()
    #expect(table.rows.count > 0)
    #expect(directory.read("r.csv") == TableFormat.csv.render(table))
    #expect(directory.read("r.json") == TableFormat.json.render(table))
  }

  @Test(arguments: [nil, BucketSize.day] as [BucketSize?])
  func emptyReportsWriteLikeTheirTables(bucket: BucketSize?) throws {
    let calendar = bucket.map { BucketCalendar(size: $0, zone: TimeZone(identifier: "UTC")!, zoneName: "UTC") }
    let report = ReportAggregator(keys: [], calendar: calendar, categories: .standard)
    let directory = ScratchDirectory()
    defer { directory.remove() }
    try report.chunks().write([.json, .csv], to: [directory.path + "/r.json", directory.path + "/r.csv"])
    #expect(directory.read("r.csv") == TableFormat.csv.render(report.table()))
    #expect(directory.read("r.json") == TableFormat.json.render(report.table()))
  }

  @Test func decimalBytesSpellLikeTheirText() {
    var random = SystemRandomNumberGenerator()
    var magnitudes: [UInt128] = [0, 1, 10, 999_999_999_999_999_999, 1_000_000_000_000_000_000, UInt128.max]
    for _ in 0..<500 {
      magnitudes.append(
        UInt128(random.next() as UInt64) * UInt128(random.next() as UInt64 >> UInt64.random(in: 0..<64)))
    }
    for magnitude in magnitudes {
      var bytes: [UInt8] = []
      DecimalText.appendPlain(magnitude: magnitude, to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == DecimalText.plain(magnitude: magnitude, negative: false))
    }
    // A sum past 128 bits.
    let sum = [UInt8](repeating: 0xFF, count: 24).withUnsafeBytes { DecimalSum(bytes: $0, at: 0) }
    var bytes: [UInt8] = []
    sum.appendText(to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == sum.description)
  }

  @Test func uuidBytesSpellLikeTheirText() {
    for bits in [UInt128.zero, UInt128.max, 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210] {
      var bytes: [UInt8] = []
      UUIDValue(bits: bits).appendText(to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == UUIDValue(bits: bits).description)
      #expect(bytes.count == 36)
    }
  }
}
