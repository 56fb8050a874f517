import Foundation

/// `run.json`: what a pipeline run read, wrote and counted, for the operator and for audits.
///
/// Inputs list every file the run found, with its SHA-256 and whether it was ingested now or
/// skipped (already ingested under that hash); outputs list every other file in the run
/// directory with its size and SHA-256. Counts are this run's and the cumulative ones (sums
/// over every run in the state store).
struct RunManifest {
  struct Input {
    var path: String
    var bytes: Int
    var sha256: String
    /// `ingested`, `skipped` (known hash) or `skipped-duplicate` (same hash as another input now).
    var action: String
    var file: FileReport?
  }

  var run: RunRecord
  var pipeline: String
  var durationSeconds: Double
  var inputs: [Input]
  /// An output file of the run: its name, size and SHA-256.
  struct Output {
    var name: String
    var bytes: Int
    var sha256: String
  }

  var outputs: [Output]
  var cumulative: LineCounts
  var cumulativeDuplicates: Int
  var cumulativeConflicts: Int

  func render() -> [UInt8] {
    var thisRun = run.counts.jsonObject
    thisRun["duplicates"] = run.duplicates
    thisRun["conflicts"] = run.conflicts
    thisRun["events_changed"] = run.eventsChanged
    var total = cumulative.jsonObject
    total["duplicates"] = cumulativeDuplicates
    total["conflicts"] = cumulativeConflicts
    total["events_unique"] = run.eventsUnique
    let object: [String: Any] = [
      "run": run.id, "name": run.name, "tool": "costroll", "tool_version": ToolVersion.current,
      "pipeline": pipeline, "started_at": run.startedAt, "as_of": run.asOf,
      "duration_seconds": (durationSeconds * 1000).rounded() / 1000, "restatements": run.restatements,
      "counts": thisRun, "cumulative": total,
      "inputs": inputs.map { input -> [String: Any] in
        var entry: [String: Any] = [
          "path": input.path, "bytes": input.bytes, "sha256": input.sha256, "action": input.action,
        ]
        if let file = input.file {
          entry["lines"] = file.lines
          entry["status"] = file.status.rawValue
          entry["detail"] = file.detail ?? NSNull()
        }
        return entry
      },
      "outputs": outputs.map { ["name": $0.name, "bytes": $0.bytes, "sha256": $0.sha256] },
    ]
    let data =
      (try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return Array(data) + [0x0A]
  }
}
