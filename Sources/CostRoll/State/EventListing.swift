import Foundation

/// One page of a user's kept events (`costroll events`, the app's `getUserCostEvents`), as a
/// table for CSV or a terminal, or as one JSON object with the total count.
public struct EventListing: Sendable {
  public var user: UUIDValue?
  public var total: Int
  public var limit: Int
  public var offset: Int
  public var events: [StoredEvent]

  public init(user: UUIDValue?, total: Int, limit: Int, offset: Int, events: [StoredEvent]) {
    self.user = user
    self.total = total
    self.limit = limit
    self.offset = offset
    self.events = events
  }

  /// Newest first, one row per event, money as exact decimals.
  public var table: Table {
    Table(
      columns: [
        .init("id", .key), .init("timestamp", .text), .init("created_at", .text), .init("user_id", .key),
        .init("podcast_id", .key), .init("episode_id", .key), .init("event_type", .key), .init("service", .key),
        .init("unit", .key), .init("quantity", .decimal), .init("unit_cost_usd", .decimal),
        .init("total_cost_usd", .decimal), .init("source", .text), .init("line", .count),
      ],
      rows: events.map { stored in
        let event = stored.event
        return [
          event.id.description, event.timestamp.description, event.createdAt?.description,
          event.userID?.description, event.podcastID?.description, event.episodeID?.description,
          event.eventType.description, event.service.description, event.unit.description,
          event.quantity.description, event.unitCost?.description, event.totalCost.description, event.origin.source,
          String(event.origin.line),
        ]
      })
  }

  /// `{"user_id", "total_count", "limit", "offset", "next_offset", "events": [...]}`;
  /// `next_offset` is null on the last page.
  public func json() -> [UInt8] {
    let next = offset + events.count < total ? JSONText.number(offset + events.count) : Array("null".utf8)
    var out = JSONText.object([
      ("user_id", JSONText.quoted(user?.description)), ("total_count", JSONText.number(total)),
      ("limit", JSONText.number(limit)), ("offset", JSONText.number(offset)), ("next_offset", next),
    ])
    // Splice the events array in as the last member.
    out.removeLast()
    out += Array(",\"events\":".utf8) + TableFormat.json.render(table).dropLast() + [UInt8(ascii: "}"), 0x0A]
    return out
  }

  /// Space-aligned columns for a terminal (no quoting; for people, not programs).
  public func text() -> String {
    let table = self.table
    let shown = [0, 1, 6, 7, 8, 9, 11]
    let rows = [shown.map { table.columns[$0].name }] + table.rows.map { row in shown.map { row[$0] ?? "null" } }
    let widths = shown.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var lines = rows.map { row in
      zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
    }
    lines.append("\(events.count) of \(total) events (offset \(offset))")
    return lines.joined(separator: "\n") + "\n"
  }
}
