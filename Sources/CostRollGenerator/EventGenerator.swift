import CostRoll
import Foundation

/// What to generate.
public struct GeneratorSettings: Sendable {
  public var seed: UInt64 = 42
  public var startDate = CivilDate(year: 2026, month: 11, day: 22)
  public var days = 3
  public var eventsPerDay = 1200
  public var users = 40
  /// Seed of the user list when it must be the same across generators with different `seed`s
  /// (the benchmark's days); `nil`: drawn from `seed`, as for `sample-data/`.
  public var userSeed: UInt64?
  /// Share of events written a second time, identically (later or in another file).
  public var duplicateRate = 0.01
  /// Share of events given a second, different copy with a later `created_at`.
  public var conflictRate = 0.003
  /// Share of lines that are broken on purpose.
  public var badLineRate = 0.004
  /// Share of system events (null `user_id`).
  public var systemEventRate = 0.05

  public init() {}
}

/// Deterministic, realistic cost events: the app's services and prices, a few heavy users,
/// system events, numbers spelled as strings, as numbers, with exponents and with JavaScript
/// double noise, timestamps with `Z` and with offsets, and some duplicates, conflicts and bad
/// lines. The same settings always give the same bytes.
public struct EventGenerator {
  /// One generated file: its name and its lines (without newlines).
  public struct File: Sendable {
    public var name: String
    public var lines: [String]

    public init(name: String, lines: [String]) {
      self.name = name
      self.lines = lines
    }
  }

  private var random: SeededRandom
  private let settings: GeneratorSettings
  private let users: [String]

  public init(settings: GeneratorSettings) {
    self.settings = settings
    var random = SeededRandom(seed: settings.seed)
    if let userSeed = settings.userSeed {
      var userRandom = SeededRandom(seed: userSeed)
      users = (0..<max(1, settings.users)).map { _ in Self.uuid(&userRandom) }
    } else {
      users = (0..<max(1, settings.users)).map { _ in Self.uuid(&random) }
    }
    self.random = random
  }

  /// Every file: per day, one per emitter stream (`ai`, `infra`).
  public mutating func files() -> [File] {
    var files: [File] = []
    forEachFile { files.append($0) }
    return files
  }

  /// Hands `body` every file in order, each as soon as it is complete, so that only two files'
  /// lines are held at a time (copies carried past the last file end it).
  public mutating func forEachFile<Failure: Error>(_ body: (File) throws(Failure) -> Void) throws(Failure) {
    var previous: File?
    var carried: [String] = []  // copies that arrive in the next file
    for dayIndex in 0..<settings.days {
      let date = CivilDate(daysSinceEpoch: settings.startDate.daysSinceEpoch + Int64(dayIndex))
      for stream in ["ai", "infra"] {
        var lines = carried
        carried = []
        let services = ServiceCatalog.podcastApp.filter { $0.stream == stream }
        let count = settings.eventsPerDay / 2
        for _ in 0..<count {
          if random.chance(settings.badLineRate) { lines.append(badLine()) }
          let service = services[Int.random(in: 0..<services.count, using: &random)]
          let event = eventLine(service: service, day: date)
          lines.append(event.line)
          if random.chance(settings.duplicateRate) {
            if random.chance(0.5) { carried.append(event.line) } else { lines.append(event.line) }
          }
          if random.chance(settings.conflictRate) { carried.append(event.conflicting) }
        }
        if let previous { try body(previous) }
        previous = File(name: "events-\(date)-\(stream).jsonl.gz", lines: lines)
      }
    }
    if var last = previous {
      last.lines += carried
      try body(last)
    }
  }

  /// Writes every file gzip-compressed under `directory`, each as soon as it is generated;
  /// returns the paths. `written` hears of each file written (for a progress line).
  public mutating func write(to directory: String, written: (String) -> Void = { _ in }) throws -> [String] {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var paths: [String] = []
    try forEachFile { (file) throws in
      let path = (directory as NSString).appendingPathComponent(file.name)
      let text = file.lines.joined(separator: "\n") + "\n"
      try Data(GzipWriter.member(Array(text.utf8))).write(to: URL(fileURLWithPath: path))
      paths.append(path)
      written(path)
    }
    return paths
  }

  // MARK: - Lines

  private mutating func eventLine(service: ServiceCatalog.Service, day: CivilDate) -> (
    line: String, conflicting: String
  ) {
    let id = Self.uuid(&random)
    let spelledID = random.chance(0.05) ? id.uppercased() : id
    // Heavy users: the first few users get most of the traffic.
    let userIndex = min(users.count - 1, Int(pow(Double.random(in: 0..<1, using: &random), 3) * Double(users.count)))
    let user = random.chance(settings.systemEventRate) ? nil : users[userIndex]
    let second = Int64.random(in: 0..<86_400, using: &random)
    let millis = Int.random(in: 0..<1000, using: &random)
    let instant = day.daysSinceEpoch * 86_400 + second
    let quantity = Int.random(in: service.quantity, using: &random)
    let podcast = user != nil && random.chance(0.7) ? Self.uuid(&random) : nil
    let episode = podcast != nil && random.chance(0.8) ? Self.uuid(&random) : nil
    let timestamp = spellInstant(seconds: instant, millis: millis)
    func line(quantity: Int, createdDelay: Int) -> String {
      let created = Instant(seconds: instant + Int64(createdDelay), nanoseconds: Int32(millis * 1_000_000)).description
      var fields: [String] = [
        "\"id\":\"\(spelledID)\"", "\"timestamp\":\"\(timestamp)\"",
        "\"user_id\":" + (user.map { "\"\($0)\"" } ?? "null"),
        "\"podcast_id\":" + (podcast.map { "\"\($0)\"" } ?? "null"),
        "\"episode_id\":" + (episode.map { "\"\($0)\"" } ?? "null"),
        "\"event_type\":\"\(service.eventType)\"", "\"service\":\"\(service.name)\"",
        "\"quantity\":" + (random.chance(0.5) ? "\"\(quantity)\"" : "\(quantity)"),
        "\"unit\":\"\(service.unit)\"",
      ]
      let price = Double(service.unitPrice)!
      fields.append(
        "\"unit_cost_usd\":" + (random.chance(0.5) ? "\"\(service.unitPrice)\"" : JavaScriptNumber.spell(price)))
      if !random.chance(0.1) {
        let total = JavaScriptNumber.spell(Double(quantity) * price)
        fields.append("\"total_cost_usd\":" + (random.chance(0.5) ? "\"\(total)\"" : total))
      }
      fields.append("\"metadata\":{\"region\":\"eu-west-1\",\"attempt\":1}")
      fields.append("\"created_at\":\"\(created)\"")
      return "{" + fields.joined(separator: ",") + "}"
    }
    let original = line(quantity: quantity, createdDelay: 1)
    let conflicting = line(quantity: quantity + 1, createdDelay: 3600)
    return (original, conflicting)
  }

  /// Mostly `Z` with milliseconds; sometimes an offset, sometimes PostgreSQL's spelling.
  private mutating func spellInstant(seconds: Int64, millis: Int) -> String {
    let choice = Int.random(in: 0..<10, using: &random)
    let fraction = "." + String(1000 + millis).dropFirst()
    func local(_ offset: Int64, separator: String) -> String {
      let text = Instant(seconds: seconds + offset).description  // "YYYY-MM-DDTHH:MM:SSZ"
      return String(text.prefix(10)) + separator + String(text.dropFirst(11).prefix(8)) + fraction
    }
    switch choice {
    case 0: return local(3600, separator: "T") + "+01:00"
    case 1: return local(-5 * 3600, separator: "T") + "-0500"
    case 2: return local(0, separator: " ") + "+00"
    default: return local(0, separator: "T") + "Z"
    }
  }

  private mutating func badLine() -> String {
    let bad = [
      "{\"id\":\"broken-1\",\"timestamp\":\"2026-11-24T13:05:22Z\",\"service\":\"ses\"",
      "{\"id\":\"no-quantity\",\"timestamp\":\"2026-11-24T13:05:22Z\",\"event_type\":\"ses_email\",\"service\":\"ses\",\"unit\":\"emails\",\"total_cost_usd\":\"0.0001\"}",
      "{\"id\":\"negative\",\"timestamp\":\"2026-11-24T13:05:22Z\",\"event_type\":\"sqs_message\",\"service\":\"sqs\",\"quantity\":-1,\"unit\":\"requests\",\"total_cost_usd\":\"0\"}",
      "{\"id\":\"nan\",\"timestamp\":\"2026-11-24T13:05:22Z\",\"event_type\":\"sqs_message\",\"service\":\"sqs\",\"quantity\":\"NaN\",\"unit\":\"requests\",\"total_cost_usd\":\"0\"}",
      "{\"id\":\"no-offset\",\"timestamp\":\"2026-11-24T13:05:22\",\"event_type\":\"sqs_message\",\"service\":\"sqs\",\"quantity\":1,\"unit\":\"requests\",\"total_cost_usd\":\"0.0000004\"}",
      "{\"id\":\"bad-user\",\"timestamp\":\"2026-11-24T13:05:22Z\",\"user_id\":\"user-42\",\"event_type\":\"sqs_message\",\"service\":\"sqs\",\"quantity\":1,\"unit\":\"requests\",\"total_cost_usd\":\"0.0000004\"}",
      "{\"id\":\"twice\",\"id\":\"twice\",\"timestamp\":\"2026-11-24T13:05:22Z\"}",
      "[\"not\",\"an\",\"object\"]",
    ]
    return bad[Int.random(in: 0..<bad.count, using: &random)]
  }

  static func uuid(_ random: inout SeededRandom) -> String {
    UUIDValue(bits: UInt128(random.next()) << 64 | UInt128(random.next())).description
  }
}
