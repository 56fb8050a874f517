import ArgumentParser
import CostRoll
import CostRollGenerator

/// `costroll generate`: deterministic realistic event files (sample-data/, tests, benchmarks).
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write deterministic, realistic gzipped event files (with duplicates, conflicts and bad lines).",
    usage: "costroll generate [<options>] --out <dir>",
    discussion: "sample-data/ is exactly: costroll generate --out sample-data")

  @Option(
    name: .customLong("out"), help: ArgumentHelp("Directory to write into (created if missing).", valueName: "dir"))
  var directory: String

  @Option(help: ArgumentHelp("Random seed; the same seed gives the same bytes.", valueName: "n"))
  var seed: UInt64 = 42

  @Option(help: ArgumentHelp("First day, YYYY-MM-DD (UTC).", valueName: "date"))
  var start: String = "2026-11-22"

  @Option(help: ArgumentHelp("Number of days; each day gets one 'ai' and one 'infra' file.", valueName: "n"))
  var days: Int = 3

  @Option(name: .customLong("events-per-day"), help: ArgumentHelp("Events per day.", valueName: "n"))
  var eventsPerDay: Int = 1200

  @Option(help: ArgumentHelp("Number of distinct users.", valueName: "n"))
  var users: Int = 40

  func run() throws {
    let parts = start.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, CivilDate.isValid(year: parts[0], month: parts[1], day: parts[2]) else {
      throw ValidationError("--start takes a date like 2026-11-22")
    }
    guard days > 0, eventsPerDay >= 0, users > 0 else {
      throw ValidationError("--days and --users must be positive, --events-per-day not negative")
    }
    var settings = GeneratorSettings()
    settings.seed = seed
    settings.startDate = CivilDate(year: parts[0], month: parts[1], day: parts[2])
    settings.days = days
    settings.eventsPerDay = eventsPerDay
    settings.users = users
    var generator = EventGenerator(settings: settings)
    let progress = ProgressLine(totalFiles: days * 2, quiet: false)
    progress.phase("generating")
    defer { progress.finish() }
    var done = 0
    let paths = try generator.write(to: directory) { _ in
      done += 1
      progress.step(done, of: days * 2, in: "generating: file")
    }
    for path in paths { print(path) }
  }
}
