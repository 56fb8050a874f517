import Foundation
import Testing

@testable import CostRoll

@Suite struct ReportAggregatorTests {
  func events(_ lines: [String]) -> [CostEvent] { validEvents(lines) }

  let sample = [
    eventLine([
      "id": "\"1\"", "service": "\"s3_put\"", "unit": "\"requests\"", "quantity": "3", "total_cost_usd": "0.5",
    ]),
    eventLine(["id": "\"2\"", "user_id": "null", "service": "\"=cmd\"", "quantity": "1", "total_cost_usd": "0.25"]),
    eventLine([
      "id": "\"3\"", "service": "\"s3_put\"", "unit": "\"requests\"", "quantity": "2", "total_cost_usd": "0.25",
    ]),
    eventLine(["id": "\"4\"", "service": "\"lambda_x\"", "quantity": "1", "total_cost_usd": "1"]),
  ]

  @Test func noKeysNoBucketIsExactlyOneRowEvenWhenEmpty() {
    let empty = ReportAggregator(keys: [], calendar: nil, categories: .standard).table()
    #expect(empty.rows == [["0", "0"]])
    #expect(empty.columns.map(\.name) == ["event_count", "total_cost_usd"])
    let withKey = ReportAggregator(keys: [.service], calendar: nil, categories: .standard).table()
    #expect(withKey.rows.isEmpty)
  }

  @Test func columnsRowsAndOrder() {
    var aggregator = ReportAggregator(keys: [.userID, .category, .unit], calendar: nil, categories: .standard)
    for event in events(sample) { aggregator.add(event) }
    let table = aggregator.table()
    #expect(table.columns.map(\.name) == ["user_id", "category", "unit", "event_count", "quantity", "total_cost_usd"])
    #expect(
      table.rows == [
        [nil, "other", "tokens", "1", "1", "0.25"],
        ["1b4e28ba-2fa1-41d2-883f-0016d3cca427", "lambda_execution", "tokens", "1", "1", "1"],
        ["1b4e28ba-2fa1-41d2-883f-0016d3cca427", "s3_operations", "requests", "2", "5", "0.75"],
      ])
    #expect(aggregator.total.description == "2")
  }

  @Test func eventsFindTheRowsTheirKeysName() {
    // `add` finds rows from the event's fields; `rowKey(of:)`, `remove` and the subscript go
    // through a whole key: both must agree on the hash and on equality.
    var aggregator = ReportAggregator(keys: [.userID, .service, .category], calendar: nil, categories: .standard)
    let all = events(sample)
    for event in all + all { aggregator.add(event) }
    // Events 1 and 3 share a row.
    #expect(aggregator.rows.count == 3)
    #expect(all.map { aggregator.rows[aggregator.rowKey(of: $0)]?.eventCount } == [4, 2, 4, 2])
    aggregator.remove(all[3])
    aggregator.remove(all[3])
    #expect(aggregator.rows[aggregator.rowKey(of: all[3])] == nil)
    #expect(aggregator.rows.count == 2 && aggregator.table().rows.count == 2)
    aggregator.add(all[3])
    #expect(aggregator.rows[aggregator.rowKey(of: all[3])]?.eventCount == 1)
    #expect(aggregator.rows.count == 3 && aggregator.table().rows.count == 3)
  }

  /// Every key, alone: rows found from the event's fields are the rows its key names, and
  /// events that differ in that key only land in different rows.
  @Test(arguments: GroupKey.allCases) func eachKeyFindsItsRows(key: GroupKey) {
    let lines = [
      eventLine([
        "id": "\"a\"", "podcast_id": "\"00000000-0000-0000-0000-00000000000a\"",
        "episode_id": "\"00000000-0000-0000-0000-00000000000a\"",
      ]),
      eventLine([
        "id": "\"b\"", "user_id": "null", "podcast_id": "null", "episode_id": "null", "service": "\"ses_send\"",
        "event_type": "\"email\"", "unit": "\"emails\"",
      ]),
      eventLine([
        "id": "\"c\"", "user_id": "\"00000000-0000-0000-0000-00000000000C\"",
        "podcast_id": "\"00000000-0000-0000-0000-00000000000C\"",
        "episode_id": "\"00000000-0000-0000-0000-00000000000C\"", "service": "\"gemini_tts\"",
        "event_type": "\"tts\"", "unit": "\"chars\"",
      ]),
    ]
    var aggregator = ReportAggregator(keys: [key], calendar: nil, categories: .standard)
    let all = events(lines)
    #expect(all.count == 3)
    for event in all + all { aggregator.add(event) }
    #expect(aggregator.rows.count == 3)
    #expect(all.map { aggregator.rows[aggregator.rowKey(of: $0)]?.eventCount } == [2, 2, 2])
  }

  @Test func bucketsSortByInstantWithinKeys() {
    var calendar = BucketCalendar(
      size: .hour, zone: TimeZone(identifier: "America/New_York")!, zoneName: "America/New_York")
    _ = calendar.offset(at: 0)
    var aggregator = ReportAggregator(keys: [.service], calendar: calendar, categories: .standard)
    let lines = ["2026-11-01T06:30:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:10:00Z"].enumerated().map {
      eventLine(["id": "\"\($0.offset)\"", "timestamp": "\"\($0.element)\""])
    }
    for event in events(lines) { aggregator.add(event) }
    #expect(
      aggregator.table().rows.map { $0[1] } == [
        "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00",
      ])
  }

  @Test func categoriesFollowTheDefaultRules() {
    let rules = CategoryRules.standard
    let cases = [
      ("gemini_text", "ai_text"), ("gemini_image", "ai_image"), ("gemini_tts", "ai_tts"),
      ("lambda_generate", "lambda_execution"), ("lambda_", "lambda_execution"), ("s3_storage", "s3_storage"),
      ("s3_put", "s3_operations"), ("s3_", "s3_operations"), ("ses", "email"), ("sqs", "sqs"), ("Gemini_text", "other"),
      ("s3", "other"), ("lambda", "other"), ("ses2", "other"),
    ]
    for (service, category) in cases { #expect(rules.category(of: ByteString(service)) == category, "\(service)") }
  }

  /// Events added in batches (`add(_:)` with a buffer, which looks rows up in rounds of
  /// prefetches) give the same rows and totals as the same events added one at a time, for
  /// batches of any size, with rows new and seen before within one batch, for several key
  /// sets and buckets (a category key takes the one-at-a-time path).
  @Test func batchesAddAsOneAtATime() {
    let users = ["null"] + (1...5).map { "\"00000000-0000-0000-0000-00000000000\($0)\"" }
    let services = ["gemini_text", "gemini_tts", "s3_put", "lambda_generate"]
    let all = events(
      (0..<300).map { number in
        eventLine([
          "id": "\"\(number)\"", "user_id": users[(number * 7) % users.count],
          "service": "\"\(services[(number * 5 / 3) % services.count])\"",
          "timestamp": "\"2026-11-\(10 + number % 3)T\(10 + number % 11):05:00Z\"",
          "quantity": "\(number % 13 + 1)", "total_cost_usd": "\"0.\(number % 97 + 1)\"",
        ])
      })
    let utc = TimeZone(identifier: "UTC")!
    let calendars: [BucketCalendar?] = [
      nil, BucketCalendar(size: .day, zone: utc, zoneName: "UTC"),
      BucketCalendar(size: .hour, zone: utc, zoneName: "UTC"),
    ]
    let keySets: [[GroupKey]] = [[.userID, .service], [], [.unit, .userID], [.service, .category]]
    for keys in keySets {
      for calendar in calendars {
        var single = ReportAggregator(keys: keys, calendar: calendar, categories: .standard)
        for event in all { single.add(event) }
        for batchSize in [1, 2, 7, 16, 17, 40] {
          var batched = ReportAggregator(keys: keys, calendar: calendar, categories: .standard)
          var start = 0
          while start < all.count {
            let batch = all[start..<min(start + batchSize, all.count)]
            Self.withDecoded(batch) { decoded in decoded.withUnsafeBufferPointer { batched.add($0) } }
            start += batchSize
          }
          #expect(batched.table() == single.table(), "keys \(keys), batches of \(batchSize)")
          #expect(batched.total == single.total && batched.unattributedTotal == single.unattributedTotal)
        }
      }
    }
  }

  /// Calls `body` with `events` as `DecodedEvent`s, all borrowed at once.
  static func withDecoded<Result>(
    _ events: ArraySlice<CostEvent>, _ done: [DecodedEvent] = [], _ body: ([DecodedEvent]) -> Result
  ) -> Result {
    guard let first = events.first else { return body(done) }
    return DecodedEvent.withFields(of: first) { withDecoded(events.dropFirst(), done + [$0], body) }
  }
}
