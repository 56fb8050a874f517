import CostRoll
import Foundation
import GRDB

/// A row of `published_row`: one report row as the last run published it.
struct PublishedRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "published_row"

  var report: String
  /// The key cells as a JSON array (null for null).
  var keysJSON: String
  var bucket: String
  var total: String

  enum CodingKeys: String, CodingKey {
    case report
    case keysJSON = "keys_json"
    case bucket, total
  }

  init(_ row: ReportedRow, report: String) {
    self.report = report
    let data = (try? JSONEncoder().encode(row.keys)) ?? Data("[]".utf8)
    keysJSON = String(decoding: data, as: UTF8.self)
    bucket = row.bucket
    total = row.total
  }

  var reportedRow: ReportedRow {
    let keys = (try? JSONDecoder().decode([String?].self, from: Data(keysJSON.utf8))) ?? []
    return ReportedRow(keys: keys, bucket: bucket, total: total)
  }
}
