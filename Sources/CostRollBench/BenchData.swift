import CostRoll
import CostRollGenerator
import Foundation

/// Generates the benchmark's data set with the sample-data generator, scaled up: one generator
/// per day (seeded by the day, with one user list for all days), days written in parallel.
enum BenchData {
  static func generate(
    into directory: String, events: Int, files: Int, users: Int, duplicateRate: Double, conflictRate: Double,
    badLineRate: Double, seed: UInt64
  ) throws -> [String] {
    let days = max(1, files / 2)
    let perDay = events / days
    let written = try ParallelWork.map(count: days) { day throws(CostRollError) -> [String] in
      var settings = GeneratorSettings()
      settings.seed = seed &+ UInt64(day)
      settings.startDate = CivilDate(
        daysSinceEpoch: CivilDate(year: 2026, month: 10, day: 1).daysSinceEpoch + Int64(day))
      settings.days = 1
      settings.eventsPerDay = perDay
      settings.users = users
      // The same users every day, as in the app.
      settings.userSeed = seed
      settings.duplicateRate = duplicateRate
      settings.conflictRate = conflictRate
      settings.badLineRate = badLineRate
      var generator = EventGenerator(settings: settings)
      do {
        return try generator.write(to: directory)
      } catch {
        throw .writeFailed(path: directory, reason: "\(error)")
      }
    }
    return written.flatMap { $0 }.sorted()
  }
}
