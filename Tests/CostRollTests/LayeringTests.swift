import CostRollTestSupport
import Foundation
import Testing

/// The engine's folders depend one way: a folder uses types only from the folders below it in
/// `order`. Read from the sources themselves, so a type that moves or a new use that points up
/// fails here, not in a reviewer's head.
@Suite struct LayeringTests {
  /// `CostRoll`'s folders from the bottom up: support and values, then the stages in the order
  /// the data flows, the one-off run on top of them, and the nightly layers on top of that.
  static let order = [
    "Support", "Model", "Input", "Decoding", "Dedup", "Aggregation", "Output", "Orchestration", "State", "Pipelines",
  ]
  static let engine = Repository.url("Sources/CostRoll")

  /// Every Swift file of the engine, by folder (the first path component under `CostRoll`).
  static func sources() throws -> [(folder: String, name: String, text: String)] {
    let paths = try #require(FileManager.default.subpathsOfDirectory(atPath: engine.path) as [String]?)
    return try paths.filter { $0.hasSuffix(".swift") }.sorted().map { path in
      let text = try String(contentsOf: engine.appendingPathComponent(path), encoding: .utf8)
      return (String(path.split(separator: "/")[0]), path, text)
    }
  }

  /// The types a file declares at the top level (`struct`, `class`, `enum`, `protocol`,
  /// `typealias`).
  static func declaredTypes(in text: String) -> [String] {
    let pattern =
      #/
      (?m) ^ (?:public\ |package\ |internal\ |fileprivate\ |private\ )? (?:final\ )?
      (?:struct|class|enum|protocol|typealias) \ + (\w+)
      /#
    return text.matches(of: pattern).map { String($0.output.1) }
  }

  /// The capitalized words a file uses in code: comments and string literals left out.
  static func usedWords(in text: String) -> Set<String> {
    let code = text.replacing(/\/\/.*/, with: "").replacing(/"(?:[^"\\\n]|\\.)*"/, with: "\"\"")
    return Set(code.matches(of: /\b[A-Z]\w*\b/).map { String($0.output) })
  }

  @Test func everyFolderIsInTheOrder() throws {
    let folders = Set(try Self.sources().map(\.folder)).subtracting(["CostRoll.docc"])
    #expect(folders == Set(Self.order))
  }

  @Test func noFolderUsesATypeFromAFolderAboveIt() throws {
    let sources = try Self.sources()
    var home: [String: String] = [:]
    for source in sources {
      for type in Self.declaredTypes(in: source.text) { home[type] = home[type] ?? source.folder }
    }
    #expect(home["CostRollRunner"] == "Orchestration" && home["FixedDecimal"] == "Model", "the scan finds types")
    let rank = Dictionary(uniqueKeysWithValues: Self.order.enumerated().map { ($1, $0) })
    var upward: [String] = []
    for source in sources {
      let level = rank[source.folder] ?? -1
      for word in Self.usedWords(in: source.text).sorted() {
        guard let folder = home[word], let other = rank[folder], other > level else { continue }
        upward.append("\(source.name) uses \(word) from \(folder)")
      }
    }
    #expect(upward == [])
  }
}
