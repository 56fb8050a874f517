import CostRoll
import Foundation

/// `LineCounts` as a JSON object in one column (its reason map has no fixed set of columns).
enum LineCountsJSON {
  static func encode(_ counts: LineCounts) -> String {
    let data =
      (try? JSONSerialization.data(withJSONObject: counts.jsonObject, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  static func decode(_ text: String) -> LineCounts {
    LineCounts(jsonObject: (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:])
  }
}
