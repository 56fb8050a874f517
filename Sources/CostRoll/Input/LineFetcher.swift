/// Reads particular lines of sources again, by origin: dedup needs the raw lines of the few
/// conflicting copies, and keeping every line in memory instead would make memory grow with
/// input bytes.
public enum LineFetcher {
  /// The bytes (without LF/CR) of every line in `origins`, reading each named source once.
  public static func fetch(_ origins: [LineOrigin], from sources: [InputSource]) throws(CostRollError)
    -> [LineOrigin: [UInt8]]
  {
    guard !origins.isEmpty else { return [:] }
    let wanted = Dictionary(grouping: origins, by: \.source).mapValues { Set($0.map(\.line)) }
    // One source per name (a file given twice has the same lines both times).
    let byName = Dictionary(sources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let names = wanted.keys.sorted()
    let found = try ParallelWork.map(count: names.count) { index throws(CostRollError) -> [LineOrigin: [UInt8]] in
      let name = names[index]
      guard let source = byName[name], let lines = wanted[name] else { return [:] }
      var result: [LineOrigin: [UInt8]] = [:]
      // Stop as soon as every wanted line is found: most of a file is after its last conflict.
      _ = try SourceLineReader.read(source, isDone: { result.count == lines.count }) { piece in
        if case .line(let bytes, let number) = piece, lines.contains(number) {
          result[LineOrigin(source: name, line: number)] = Array(bytes)
        }
      }
      return result
    }
    return found.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
  }
}
