import Foundation
import Yams

/// Typed, strict access to a pipeline file's YAML nodes: each accessor checks the node's shape
/// and turns a mismatch into a `CostRollError.pipeline` naming the line and key path.
struct PipelineNodeReader {
  let path: String

  func bad(_ node: Node, at key: String, _ message: String, hint: String) -> CostRollError {
    .pipeline(path: path, line: node.mark?.line, key: key, message: message, hint: hint)
  }

  func missing(_ key: String, in parent: Node, prefix: String = "", hint: String) -> CostRollError {
    .pipeline(path: path, line: parent.mark?.line, key: prefix + key, message: "required key is missing", hint: hint)
  }

  /// A mapping whose keys are all in `allowed` and appear once.
  func mapping(_ node: Node, at key: String, allowed: [String]) throws(CostRollError) -> [String: Node] {
    guard let mapping = node.mapping else {
      throw bad(node, at: key, "expected a mapping of keys to values", hint: "write 'key: value' lines under it")
    }
    var fields: [String: Node] = [:]
    for (name, value) in mapping {
      let text = name.string ?? ""
      let path = key.isEmpty ? text : key + "." + text
      guard allowed.contains(text) else {
        throw bad(name, at: path, "unknown key", hint: "known keys here: " + allowed.joined(separator: ", "))
      }
      guard fields[text] == nil else { throw bad(name, at: path, "key given twice", hint: "keep one") }
      fields[text] = value
    }
    return fields
  }

  func string(_ node: Node, at key: String) throws(CostRollError) -> String {
    guard let scalar = node.scalar, !scalar.string.isEmpty else {
      throw bad(node, at: key, "expected a non-empty text value", hint: "write a single value")
    }
    return scalar.string
  }

  /// A list of strings; a single string counts as a list of one, and `a,b` as two.
  func strings(_ node: Node, at key: String) throws(CostRollError) -> [String] {
    if let sequence = node.sequence {
      var values: [String] = []
      for (index, item) in sequence.enumerated() { values.append(try string(item, at: "\(key)[\(index)]")) }
      return values
    }
    return try string(node, at: key).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  func formats(_ node: Node, at key: String) throws(CostRollError) -> [TableFormat] {
    var formats: [TableFormat] = []
    for name in try strings(node, at: key) {
      guard let format = TableFormat(rawValue: name), !formats.contains(format) else {
        throw bad(node, at: key, "unknown or repeated format '\(name)'", hint: "use csv, json or both")
      }
      formats.append(format)
    }
    guard !formats.isEmpty else { throw bad(node, at: key, "no formats", hint: "use csv, json or both") }
    return formats
  }

  /// `categories: {rules: [{service, category}, ...], fallback: other}`.
  func categories(_ node: Node) throws(CostRollError) -> CategoryRules {
    let fields = try mapping(node, at: "categories", allowed: ["rules", "fallback"])
    guard let rulesNode = fields["rules"], let sequence = rulesNode.sequence else {
      throw bad(
        fields["rules"] ?? node, at: "categories.rules", "expected a list of rules",
        hint: "each rule is {service: PATTERN, category: NAME}; PATTERN may end with *")
    }
    var rules: [CategoryRules.Rule] = []
    for (index, item) in sequence.enumerated() {
      let at = "categories.rules[\(index)]"
      let rule = try mapping(item, at: at, allowed: ["service", "category"])
      guard let service = rule["service"], let category = rule["category"] else {
        throw missing(rule["service"] == nil ? "service" : "category", in: item, prefix: at + ".", hint: "give both")
      }
      rules.append(.init(try string(service, at: at + ".service"), try string(category, at: at + ".category")))
    }
    let fallback = try fields["fallback"].map { node throws(CostRollError) in
      try string(node, at: "categories.fallback")
    }
    return CategoryRules(rules: rules, fallback: fallback ?? "other")
  }

  /// An IANA zone name and its zone.
  func zone(_ node: Node, at key: String) throws(CostRollError) -> (name: String, zone: TimeZone) {
    let name = try string(node, at: key)
    guard let zone = TimeZone(identifier: name) else {
      throw bad(
        node, at: key, "unknown time zone '\(name)'", hint: "use an IANA zone name such as UTC or Europe/Berlin")
    }
    return (name, zone)
  }

  /// The reports; one without a `time_zone` of its own takes `defaultZone` (the pipeline's).
  func reports(
    _ node: Node, defaultZone: (name: String, zone: TimeZone)
  ) throws(CostRollError) -> [Pipeline.Report] {
    guard let sequence = node.sequence else {
      throw bad(node, at: "reports", "expected a list of reports", hint: "start each report with '- name: ...'")
    }
    var reports: [Pipeline.Report] = []
    for (index, item) in sequence.enumerated() {
      let at = "reports[\(index)]"
      let fields = try mapping(
        item, at: at, allowed: ["name", "group_by", "bucket", "formats", "window", "time_zone"])
      guard let nameNode = fields["name"] else { throw missing("name", in: item, prefix: at + ".", hint: "name it") }
      let name = try string(nameNode, at: at + ".name")
      let validName = name.utf8.allSatisfy {
        $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
      }
      guard validName, !PipelineFile.reservedNames.contains(name), !reports.contains(where: { $0.name == name }) else {
        throw bad(
          nameNode, at: at + ".name", "'\(name)' is not a usable report name",
          hint: "use letters, digits, _ and -, once each, and none of: "
            + PipelineFile.reservedNames.sorted().joined(separator: ", "))
      }
      var keys: [GroupKey] = []
      if let keysNode = fields["group_by"] {
        for key in try strings(keysNode, at: at + ".group_by") {
          guard let groupKey = GroupKey(rawValue: key), !keys.contains(groupKey) else {
            throw bad(
              keysNode, at: at + ".group_by", "unknown or repeated key '\(key)'",
              hint: "keys: " + GroupKey.allCases.map(\.rawValue).joined(separator: ", "))
          }
          keys.append(groupKey)
        }
      }
      let bucket = try fields["bucket"].map { node throws(CostRollError) -> BucketSize in
        guard let size = BucketSize(rawValue: try string(node, at: at + ".bucket")) else {
          throw bad(node, at: at + ".bucket", "unknown bucket", hint: "use hour, day, week or month")
        }
        return size
      }
      let chosen = try fields["formats"].map { node throws(CostRollError) in try self.formats(node, at: at + ".formats")
      }
      let window = try fields["window"].map { node throws(CostRollError) -> PipelineWindow in
        guard let window = PipelineWindow(try string(node, at: at + ".window")) else {
          throw bad(node, at: at + ".window", "unknown window", hint: "use 'last N days' or 'previous month'")
        }
        return window
      }
      let zone = try fields["time_zone"].map { node throws(CostRollError) in try self.zone(node, at: at + ".time_zone")
      }
      reports.append(
        Pipeline.Report(
          name: name, keys: keys, bucket: bucket, formats: chosen ?? TableFormat.allCases, window: window,
          zoneName: (zone ?? defaultZone).name, zone: (zone ?? defaultZone).zone))
    }
    return reports
  }
}

extension UInt8 {
  fileprivate var isASCIILetterOrDigit: Bool {
    (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
  }
}
