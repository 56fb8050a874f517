import Foundation
import Testing

@testable import CostRoll

@Suite struct UserCostsSnapshotTests {
  let user = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
  let other = "00000000-0000-0000-0000-000000000001"

  func line(
    _ id: String, _ service: String, _ unit: String, _ quantity: String, _ total: String, user: String?, at: String
  )
    -> String
  {
    eventLine([
      "id": "\"\(id)\"", "service": "\"\(service)\"", "unit": "\"\(unit)\"", "quantity": "\"\(quantity)\"",
      "total_cost_usd": "\"\(total)\"", "user_id": user.map { "\"\($0)\"" } ?? "null", "timestamp": "\"\(at)\"",
    ])
  }

  var events: [CostEvent] {
    validEvents([
      line("1", "gemini_text", "tokens", "100", "0.1", user: user, at: "2026-11-24T10:00:00Z"),
      line("2", "s3_storage", "gb", "1.5", "0.2", user: user, at: "2026-11-24T09:00:00.5Z"),
      line("3", "s3_storage", "mb", "10", "0.3", user: user, at: "2026-11-24T11:00:00Z"),
      line("4", "s3_put", "requests", "7", "0.4", user: user, at: "2026-11-24T10:30:00Z"),
      line("5", "sqs", "requests", "5", "0.5", user: user, at: "2026-11-24T10:30:00Z"),
      line("6", "ses", "emails", "2", "0.6", user: user, at: "2026-11-24T10:30:00Z"),
      line("7", "lambda_run", "gb_seconds", "12.5", "0.7", user: user, at: "2026-11-24T10:30:00Z"),
      line("8", "weird", "tokens", "1", "0.8", user: nil, at: "2026-11-24T08:00:00Z"),
      line("9", "weird", "things", "1", "0.9", user: other, at: "2026-11-24T08:00:00Z"),
    ])
  }

  func table(assignTo: UUIDValue?) -> (Table, UserCostsSnapshot) {
    var snapshot = UserCostsSnapshot(categories: .standard, assignUnattributedTo: assignTo)
    for event in events { snapshot.add(event) }
    return (snapshot.table(calculatedAt: InstantText.parse("2026-11-25T00:00:00Z")!), snapshot)
  }

  func row(_ table: Table, _ id: String) -> [String: String?] {
    guard let row = table.rows.first(where: { $0[0] == id }) else { return [:] }
    return Dictionary(uniqueKeysWithValues: zip(table.columns.map(\.name), row))
  }

  /// A snapshot of many users is spelled in chunks, in `user_id` order across the chunks.
  @Test func manyUsersComeInChunksInUserOrder() {
    var snapshot = UserCostsSnapshot(categories: .standard, assignUnattributedTo: nil)
    let lines = (0..<25_000).map { index in
      line(
        "e\(index)", "ses", "emails", "1", "0.5",
        user: String(format: "%08x-0000-4000-8000-%012x", index * 7919 % 25_000, index),
        at: "2026-11-24T10:00:00Z")
    }
    for event in validEvents(lines) { snapshot.add(event) }
    let chunks = snapshot.chunks(calculatedAt: Instant(seconds: 0))
    #expect(chunks.chunkCount == 2)
    let users = chunks.table().rows.map { $0[0]! }
    #expect(users.count == 25_000)
    #expect(users == users.sorted())
  }

  @Test func columnsFollowTheAppsTable() {
    let (table, snapshot) = table(assignTo: nil)
    #expect(
      table.columns.map(\.name) == [
        "user_id", "ai_text_cost_usd", "ai_image_cost_usd", "ai_tts_cost_usd", "lambda_execution_cost_usd",
        "s3_operations_cost_usd", "s3_storage_cost_usd", "email_cost_usd", "sqs_cost_usd", "other_cost_usd",
        "total_cost_usd", "total_tokens", "total_emails_sent", "total_s3_operations", "storage_mb",
        "lambda_duration_seconds", "event_count", "first_event_at", "last_event_at", "cost_calculated_at",
      ])
    #expect(table.rows.map { $0[0] } == [other, user])  // sorted by user_id; the null user has no row
    let r = row(table, user)
    #expect(r["ai_text_cost_usd"] == "0.1")
    #expect(r["s3_storage_cost_usd"] == "0.5")
    #expect(r["s3_operations_cost_usd"] == "0.4")
    #expect(r["sqs_cost_usd"] == "0.5")
    #expect(r["email_cost_usd"] == "0.6")
    #expect(r["lambda_execution_cost_usd"] == "0.7")
    #expect(r["total_cost_usd"] == "2.8")
    #expect(r["total_tokens"] == "100")
    #expect(r["total_emails_sent"] == "2")
    #expect(r["total_s3_operations"] == "7")  // sqs requests are not S3 operations
    #expect(r["storage_mb"] == "1546")  // 10 mb + 1.5 gb × 1024
    #expect(r["lambda_duration_seconds"] == "12.5")
    #expect(r["event_count"] == "7")
    #expect(r["first_event_at"] == "2026-11-24T09:00:00.5Z")
    #expect(r["last_event_at"] == "2026-11-24T11:00:00Z")
    #expect(r["cost_calculated_at"] == "2026-11-25T00:00:00Z")
    #expect(row(table, other)["other_cost_usd"] == "0.9")
    #expect(snapshot.unattributedTotal.description == "0.8")
    #expect(snapshot.total.description == "4.5")
  }

  @Test func unattributedEventsJoinTheAssignedUser() {
    let (table, snapshot) = table(assignTo: UUIDValue(user))
    let r = row(table, user)
    #expect(r["other_cost_usd"] == "0.8")
    #expect(r["total_cost_usd"] == "3.6")
    #expect(r["total_tokens"] == "101")
    #expect(r["event_count"] == "8")
    #expect(r["first_event_at"] == "2026-11-24T08:00:00Z")
    #expect(snapshot.unattributedTotal.description == "0.8")  // reported either way
  }
}
