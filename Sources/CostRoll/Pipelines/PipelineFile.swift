import Foundation
import Yams

/// Reads a pipeline file (YAML, `version: 1`) strictly: an unknown key, a missing required key
/// or a bad value is an error naming the file, the line and the key path (`reports[1].bucket`).
/// Every key and its default is documented in `pipelines/README.md`.
public enum PipelineFile {
  /// The file names a pipeline's outputs use besides its reports; report names may not take them.
  static let reservedNames: Set<String> = ["user_costs", "summary", "rejects", "conflicts", "restatements", "run"]

  /// Reads and checks the pipeline at `path`.
  public static func load(_ path: String) throws(CostRollError) -> Pipeline {
    guard let data = FileManager.default.contents(atPath: path) else { throw .inputNotFound(path: path) }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .pipeline(path: path, line: nil, key: "", message: "not UTF-8 text", hint: "save the file as UTF-8")
    }
    return try parse(text, path: path)
  }

  /// Checks `text` as the pipeline file at `path` (relative paths resolve against its directory).
  public static func parse(_ text: String, path: String) throws(CostRollError) -> Pipeline {
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw CostRollError.pipeline(
          path: path, line: nil, key: "", message: "the file is empty", hint: "start with 'version: 1'")
      }
      root = node
    } catch let error as CostRollError {
      throw error
    } catch {
      let yaml = error as? YamlError
      throw .pipeline(
        path: path, line: yaml.flatMap(Self.line(of:)), key: "",
        message: "not valid YAML: \(yaml.flatMap(Self.problem(of:)) ?? String(describing: error))",
        hint: "fix the YAML syntax")
    }
    let reader = PipelineNodeReader(path: path)
    let top = try reader.mapping(
      root, at: "",
      allowed: [
        "version", "inputs", "state", "time_zone", "categories", "reports", "snapshot", "output", "max_reject_rate",
        "assign_unattributed_to", "keep_runs", "allow_empty",
      ])
    guard let version = top["version"] else { throw reader.missing("version", in: root, hint: "add 'version: 1'") }
    guard version.int == 1 else {
      throw reader.bad(version, at: "version", "unsupported version '\(version.string ?? "")'", hint: "use version: 1")
    }
    let directory = (path as NSString).deletingLastPathComponent
    func resolve(_ relative: String) -> String {
      PathText.normalized(relative.hasPrefix("/") || directory.isEmpty ? relative : directory + "/" + relative)
    }
    guard let inputsNode = top["inputs"] else {
      throw reader.missing("inputs", in: root, hint: "list input directories or globs, e.g. inputs: [../sample-data]")
    }
    let inputs = try reader.strings(inputsNode, at: "inputs").map(resolve)
    guard !inputs.isEmpty else { throw reader.bad(inputsNode, at: "inputs", "no inputs", hint: "list at least one") }
    guard let outputNode = top["output"] else {
      throw reader.missing("output", in: root, hint: "name the output directory, e.g. output: ../out/nightly")
    }
    let output = resolve(try reader.string(outputNode, at: "output"))
    let statePath = try top["state"].map { node throws(CostRollError) in resolve(try reader.string(node, at: "state")) }
    let (zoneName, zone) =
      try top["time_zone"].map { node throws(CostRollError) in try reader.zone(node, at: "time_zone") }
      ?? ("UTC", TimeZone(identifier: "UTC")!)
    let categories = try top["categories"].map { node throws(CostRollError) in try reader.categories(node) }
    let reports =
      try top["reports"].map { node throws(CostRollError) in
        try reader.reports(node, defaultZone: (zoneName, zone))
      } ?? []
    let snapshot = try top["snapshot"].map { node throws(CostRollError) -> Pipeline.Snapshot in
      let fields = try reader.mapping(node, at: "snapshot", allowed: ["formats"])
      return Pipeline.Snapshot(
        formats: try fields["formats"].map { node throws(CostRollError) in
          try reader.formats(node, at: "snapshot.formats")
        } ?? TableFormat.allCases)
    }
    let maxRejectRate = try top["max_reject_rate"].map { node throws(CostRollError) -> Double in
      guard let rate = node.float, (0...1).contains(rate) else {
        throw reader.bad(node, at: "max_reject_rate", "not a rate from 0 to 1", hint: "e.g. max_reject_rate: 0.01")
      }
      return rate
    }
    let assignee = try top["assign_unattributed_to"].map { node throws(CostRollError) -> UUIDValue in
      guard let uuid = UUIDValue(try reader.string(node, at: "assign_unattributed_to")) else {
        throw reader.bad(node, at: "assign_unattributed_to", "not a UUID", hint: "write the user's UUID")
      }
      return uuid
    }
    let allowEmpty = try top["allow_empty"].map { node throws(CostRollError) -> Bool in
      guard let value = node.bool else {
        throw reader.bad(node, at: "allow_empty", "not true or false", hint: "e.g. allow_empty: true")
      }
      return value
    }
    let keepRuns = try top["keep_runs"].map { node throws(CostRollError) -> Int in
      guard let count = node.int, count >= 1 else {
        throw reader.bad(node, at: "keep_runs", "not a whole number of at least 1", hint: "e.g. keep_runs: 30")
      }
      return count
    }
    return Pipeline(
      path: path, inputs: inputs, statePath: statePath ?? output + "/state.sqlite", zoneName: zoneName,
      zone: zone, categories: categories ?? .standard, reports: reports, snapshot: snapshot,
      outputDirectory: output, maxRejectRate: maxRejectRate ?? RunPlan.defaultMaxRejectRate,
      allowEmpty: allowEmpty ?? false, assignUnattributedTo: assignee, keepRuns: keepRuns ?? 30)
  }

  private static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return nil
    }
  }

  private static func problem(of error: YamlError) -> String? {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
    default: return nil
    }
  }
}
