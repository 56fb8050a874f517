import CostRoll
import GRDB

/// A row of `ingested_file`: the manifest of input files by content hash.
struct IngestedFileRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "ingested_file"

  var contentHash: String
  var path: String
  var bytes: Int
  var status: String
  var detail: String?
  var linesRead: Int
  var blankLines: Int
  var eventsValid: Int
  var rejected: Int
  /// Every `LineCounts` field, for the cumulative counts.
  var countsJSON: String
  var runID: Int64
  var ingestedAt: String
  var modifiedNanoseconds: Int64

  enum CodingKeys: String, CodingKey {
    case contentHash = "content_hash"
    case path, bytes, status, detail
    case linesRead = "lines_read"
    case blankLines = "blank_lines"
    case eventsValid = "events_valid"
    case rejected
    case countsJSON = "counts_json"
    case runID = "run_id"
    case ingestedAt = "ingested_at"
    case modifiedNanoseconds = "modified_ns"
  }

  init(_ file: IngestedFile, ingestedAt: String) {
    contentHash = file.contentHash
    path = file.path
    bytes = file.bytes
    status = file.status.rawValue
    detail = file.detail
    linesRead = file.counts.linesRead
    blankLines = file.counts.blankLines
    eventsValid = file.counts.eventsValid
    rejected = file.counts.rejected
    countsJSON = LineCountsJSON.encode(file.counts)
    runID = file.runID
    self.ingestedAt = ingestedAt
    modifiedNanoseconds = file.modifiedNanoseconds
  }

  var file: IngestedFile {
    IngestedFile(
      path: path, bytes: bytes, contentHash: contentHash, status: StreamStatus(rawValue: status) ?? .corrupt,
      detail: detail, counts: LineCountsJSON.decode(countsJSON), runID: runID,
      modifiedNanoseconds: modifiedNanoseconds)
  }
}
