import ArgumentParser
import CostRoll
import CostRollStore
import Foundation

/// `costroll events`: the app's `getUserCostEvents`.
struct EventsCommand: ParsableCommand {
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
  }

  static let configuration = CommandConfiguration(
    commandName: "events",
    abstract: "List one user's kept events from a pipeline's state store, newest first.",
    usage: "costroll events [<options>] <pipeline.yml> --user <uuid>",
    discussion: """
      Pages with --limit and --offset; the JSON form carries total_count and next_offset (null on \
      the last page). Default format: table on a terminal, json otherwise.

      Example:
        costroll events pipelines/nightly.yml --user 0b6e... --limit 20 --format json
      """)

  @OptionGroup var pipeline: PipelineArgument

  @Option(help: ArgumentHelp("The user's UUID, or 'null' for events without a user.", valueName: "uuid"))
  var user: String

  @Option(help: ArgumentHelp("Events per page (1 to 10000).", valueName: "n"))
  var limit = 50

  @Option(help: ArgumentHelp("Events to skip (newest first).", valueName: "n"))
  var offset = 0

  @Option(help: "table, json or csv.")
  var format: Format?

  func validate() throws {
    guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 10000") }
    guard offset >= 0 else { throw ValidationError("--offset must be 0 or more") }
  }

  func run() throws {
    let pipeline = try self.pipeline.load()
    let userID = user == "null" ? nil : try PlanParsing.uuid(user, flag: "--user")
    let listing = try PipelineFailure.reporting { () throws(CostRollError) -> EventListing in
      let store = try pipeline.existingStore()
      let page = try store.read { (transaction) throws(CostRollError) in
        try transaction.keptEvents(user: userID, limit: limit, offset: offset)
      }
      return EventListing(user: userID, total: page.total, limit: limit, offset: offset, events: page.events)
    }
    let chosen = format ?? (isatty(STDOUT_FILENO) == 1 ? .table : .json)
    switch chosen {
    case .table: FileHandle.standardOutput.write(Data(listing.text().utf8))
    case .json: FileHandle.standardOutput.write(Data(listing.json()))
    case .csv: FileHandle.standardOutput.write(Data(TableFormat.csv.render(listing.table)))
    }
  }
}
