/// `summary.json`: the run's line accounting, dedup counts, totals and files. No wall-clock
/// times, so the same inputs always give the same bytes.
public struct RunSummary: Sendable, Equatable {
  public var counts: LineCounts
  public var duplicates: Int
  public var conflicts: Int
  public var eventsUnique: Int
  /// Over the window, if any.
  public var totalCost: DecimalSum
  /// Null-user events' total, over the window.
  public var unattributedCost: DecimalSum
  /// Sorted by path (byte-wise).
  public var files: [FileReport]

  /// Whether any input was truncated or corrupt.
  public var hasDamagedInput: Bool { files.contains { $0.status != .ok } }

  /// Pretty-printed JSON with keys in the documented order.
  public func render() -> [UInt8] {
    func line(_ indent: Int, _ key: String, _ value: [UInt8], last: Bool = false) -> [UInt8] {
      var out = [UInt8](repeating: 0x20, count: indent)
      JSONText.string(key.utf8, into: &out)
      out += Array(": ".utf8) + value + (last ? [0x0A] : [UInt8(ascii: ","), 0x0A])
      return out
    }
    var out: [UInt8] = Array("{\n".utf8)
    out += line(2, "lines_read", JSONText.number(counts.linesRead))
    out += line(2, "blank_lines", JSONText.number(counts.blankLines))
    out += line(2, "events_valid", JSONText.number(counts.eventsValid))
    out += line(2, "rejected", JSONText.number(counts.rejected))
    let reasons = counts.rejectedByReason.filter { $0.value > 0 }.sorted { $0.key < $1.key }
    if reasons.isEmpty {
      out += line(2, "rejected_by_reason", Array("{}".utf8))
    } else {
      var object: [UInt8] = Array("{\n".utf8)
      for (index, (reason, count)) in reasons.enumerated() {
        object += line(4, reason.rawValue, JSONText.number(count), last: index == reasons.count - 1)
      }
      object += Array("  }".utf8)
      out += line(2, "rejected_by_reason", object)
    }
    out += line(2, "duplicates", JSONText.number(duplicates))
    out += line(2, "conflicts", JSONText.number(conflicts))
    out += line(2, "events_unique", JSONText.number(eventsUnique))
    out += line(2, "derived_costs", JSONText.number(counts.derivedCosts))
    out += line(2, "cost_mismatches", JSONText.number(counts.costMismatches))
    out += line(2, "rounded_values", JSONText.number(counts.roundedValues))
    out += line(2, "total_cost_usd", JSONText.quoted(totalCost.description))
    out += line(2, "unattributed_cost_usd", JSONText.quoted(unattributedCost.description))
    if files.isEmpty {
      out += line(2, "files", Array("[]".utf8), last: true)
    } else {
      var array: [UInt8] = Array("[\n".utf8)
      for (index, file) in files.enumerated() {
        array += Array("    ".utf8)
        array += JSONText.object([
          ("path", JSONText.quoted(file.path)), ("bytes", JSONText.number(file.bytes)),
          ("lines", JSONText.number(file.lines)), ("status", JSONText.quoted(file.status.rawValue)),
          ("detail", JSONText.quoted(file.detail)),
        ])
        array += index == files.count - 1 ? [0x0A] : [UInt8(ascii: ","), 0x0A]
      }
      array += Array("  ]".utf8)
      out += line(2, "files", array, last: true)
    }
    out += Array("}\n".utf8)
    return out
  }
}
