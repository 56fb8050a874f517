import CostRoll
import CostRollGenerator
import Foundation
import GRDB
import Testing

@testable import CostRollStore

/// The kept events' storage: compact records, parts with Bloom filters, the user index.
@Suite struct KeptPartsTests {
  static let alice = UUIDValue("11111111-1111-4111-8111-111111111111")!
  static let bob = UUIDValue("22222222-2222-4222-8222-222222222222")!

  /// A random event: every optional field sometimes absent, amounts of any scale and sign
  /// within the decimal range, text or UUID ids.
  static func event(_ random: inout SeededRandom, id: EventID, user: UUIDValue?) -> StoredEvent {
    func uuid() -> UUIDValue? {
      random.next() % 3 == 0 ? nil : UUIDValue(bits: UInt128(random.next()) << 64 | UInt128(random.next()))
    }
    func amount() -> FixedDecimal {
      let digits = Int128(random.next() % 1_000_000_000_000) * Int128(random.next() % 1_000_000 + 1)
      let scale = Int(random.next() % 19)
      var units = digits
      for _ in 0..<scale { units /= 10 }
      return FixedDecimal(units: random.next() % 2 == 0 ? units : -units)
    }
    let seconds = Int64(random.next() % 4_000_000_000) - 1_000_000_000
    let created =
      random.next() % 2 == 0
      ? nil
      : Instant(
        seconds: seconds + Int64(random.next() % 100_000) - 50_000, nanoseconds: Int32(random.next() % 1_000_000_000))
    let event = CostEvent(
      id: id, timestamp: Instant(seconds: seconds, nanoseconds: Int32(random.next() % 1_000_000_000)),
      createdAt: created, userID: user, podcastID: uuid(), episodeID: uuid(),
      eventType: ByteString("type-\(random.next() % 3)"), service: ByteString("service-\(random.next() % 4)"),
      unit: ByteString(["tokens", "requests", "gb"][Int(random.next() % 3)]), quantity: amount(),
      unitCost: random.next() % 2 == 0 ? nil : amount(), totalCost: amount(),
      origin: LineOrigin(source: "drop/file-\(random.next() % 5).jsonl.gz", line: Int(random.next() % 1_000_000) + 1))
    return StoredEvent(event: event, lineHash: random.next())
  }

  static func expectSame(_ a: StoredEvent?, _ b: StoredEvent, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let a else {
      Issue.record("\(b.event.id) was not found", sourceLocation: sourceLocation)
      return
    }
    let (x, y) = (a.event, b.event)
    #expect(x.id == y.id && x.timestamp == y.timestamp && x.createdAt == y.createdAt, sourceLocation: sourceLocation)
    #expect(
      x.userID == y.userID && x.podcastID == y.podcastID && x.episodeID == y.episodeID, sourceLocation: sourceLocation)
    #expect(x.eventType == y.eventType && x.service == y.service && x.unit == y.unit, sourceLocation: sourceLocation)
    #expect(
      x.quantity == y.quantity && x.unitCost == y.unitCost && x.totalCost == y.totalCost, sourceLocation: sourceLocation
    )
    #expect(x.origin == y.origin && a.lineHash == b.lineHash, sourceLocation: sourceLocation)
  }

  /// Every field comes back exactly as saved, for random events over several transactions.
  @Test func recordsKeepEveryFieldExactly() throws {
    let scratch = PipelineScratch()
    let store = try SQLiteStateStore(path: scratch.state)
    var random = SeededRandom(seed: 17)
    var saved: [StoredEvent] = []
    for night in 0..<3 {
      var events = (0..<400).map { index in
        let id: EventID =
          index % 7 == 0
          ? .text(ByteString("evt-\(night)-\(index)"))
          : .uuid(UUIDValue(bits: UInt128(random.next()) << 64 | UInt128(random.next())))
        return Self.event(&random, id: id, user: index % 5 == 0 ? nil : [Self.alice, Self.bob][index % 2])
      }
      // The largest amounts the decimals allow, both signs.
      events[0].event.totalCost = FixedDecimal(units: FixedDecimal.limitUnits - 1)
      events[0].event.quantity = FixedDecimal(units: -(FixedDecimal.limitUnits - 1))
      try store.write { (transaction) throws(CostRollError) in
        try transaction.saveKept(events.sorted { $0.event.id < $1.event.id })
        try transaction.sealKept()
      }
      saved += events
    }
    let found = try store.read { (transaction) throws(CostRollError) in
      try transaction.keptEvents(ids: saved.map(\.event.id))
    }
    #expect(found.count == saved.count)
    for event in saved { Self.expectSame(found[event.event.id], event) }
    let unknown = try store.read { (transaction) throws(CostRollError) in
      try transaction.keptEvents(ids: [.text(ByteString("never-saved")), .uuid(Self.alice)])
    }
    #expect(unknown.isEmpty)
  }

  /// A copy that replaces one of an earlier part deletes it there: the id is kept once, found
  /// with its new fields, and listed once for its (new) user.
  @Test func aReplacedCopyLeavesItsOldPart() throws {
    let scratch = PipelineScratch()
    let store = try SQLiteStateStore(path: scratch.state)
    var random = SeededRandom(seed: 3)
    let ids = (0..<50).map { EventID.text(ByteString(String(format: "evt-%03d", $0))) }
    let first = ids.map { Self.event(&random, id: $0, user: Self.alice) }
    try store.write { (transaction) throws(CostRollError) in
      try transaction.saveKept(first)
      try transaction.sealKept()
    }
    // The next night replaces every other id, moving it to bob.
    let replacing = ids.enumerated().filter { $0.offset % 2 == 0 }.map {
      Self.event(&random, id: $0.element, user: Self.bob)
    }
    try store.write { (transaction) throws(CostRollError) in
      let kept = try transaction.keptEvents(ids: replacing.map(\.event.id))
      #expect(kept.count == replacing.count)
      try transaction.saveKept(replacing)
      try transaction.sealKept()
    }
    let (count, alice, bob, found) = try store.read { (transaction) throws(CostRollError) in
      (
        try transaction.keptCount(), try transaction.keptEvents(user: Self.alice, limit: 100, offset: 0),
        try transaction.keptEvents(user: Self.bob, limit: 100, offset: 0), try transaction.keptEvents(ids: ids)
      )
    }
    #expect(count == 50)
    #expect(alice.total == 25 && bob.total == 25)
    #expect(Set(bob.events.map(\.event.id)) == Set(replacing.map(\.event.id)))
    for event in replacing { Self.expectSame(found[event.event.id], event) }
    // Newest first across both parts.
    let times = bob.events.map(\.event.timestamp)
    #expect(times == times.sorted(by: >))
    let perPart = try DatabaseQueue(path: scratch.state).read { db in
      try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM kept GROUP BY part ORDER BY part")
    }
    #expect(perPart == [25, 25])
  }

  /// The filter never misses an id it holds, and lets few others through.
  @Test func filtersNeverMissAndRarelyLetOthersThrough() {
    var random = SeededRandom(seed: 5)
    let held = (0..<10_000).map { _ in
      EventID.uuid(UUIDValue(bits: UInt128(random.next()) << 64 | UInt128(random.next())))
    }
    var filter = KeptFilter(capacity: held.count)
    for id in held { filter.insert(KeptFilter.Probe(id)) }
    let stored = KeptFilter(bytes: filter.bytes)
    #expect(held.allSatisfy { stored.mayContain(KeptFilter.Probe($0)) })
    let others = (0..<10_000).map { EventID.text(ByteString("other-\($0)")) }
    let passed = others.filter { stored.mayContain(KeptFilter.Probe($0)) }.count
    #expect(passed < 300, "\(passed) of 10,000 ids not held passed the filter")
  }
}
