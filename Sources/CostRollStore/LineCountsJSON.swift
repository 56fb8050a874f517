import CostRoll
import Foundation

/// `LineCounts` as a JSON object in one column (its reason map has no fixed set of columns).
enum LineCountsJSON {
  static func encode(_ counts: LineCounts) -> String {
    var object: [String: Any] = [
      "lines_read": counts.linesRead, "blank_lines": counts.blankLines, "events_valid": counts.eventsValid,
      "rejected": counts.rejected, "derived_costs": counts.derivedCosts, "cost_mismatches": counts.costMismatches,
      "rounded_values": counts.roundedValues,
    ]
    object["rejected_by_reason"] = Dictionary(uniqueKeysWithValues: counts.rejectedByReason.map { ($0.rawValue, $1) })
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  static func decode(_ text: String) -> LineCounts {
    let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    var counts = LineCounts()
    counts.linesRead = object["lines_read"] as? Int ?? 0
    counts.blankLines = object["blank_lines"] as? Int ?? 0
    counts.eventsValid = object["events_valid"] as? Int ?? 0
    counts.rejected = object["rejected"] as? Int ?? 0
    counts.derivedCosts = object["derived_costs"] as? Int ?? 0
    counts.costMismatches = object["cost_mismatches"] as? Int ?? 0
    counts.roundedValues = object["rounded_values"] as? Int ?? 0
    for (reason, count) in object["rejected_by_reason"] as? [String: Int] ?? [:] {
      if let reason = RejectReason(rawValue: reason) { counts.rejectedByReason[reason] = count }
    }
    return counts
  }
}
