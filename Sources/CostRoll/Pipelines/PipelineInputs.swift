import Foundation
import Glibc

/// Finds a pipeline's input files: a directory is read recursively (as `costroll report` reads
/// it), a glob (`*`, `?`, `[...]`) names the files it matches, and anything else must exist.
public enum PipelineInputs {
  /// The input files, each once, sorted by path.
  public static func expand(_ inputs: [String]) throws(CostRollError) -> [InputSource] {
    var paths: [String] = []
    for input in inputs {
      if input.contains(where: { "*?[".contains($0) }) {
        // A glob that matches nothing adds no file (the runner decides whether no file at all
        // is an error).
        paths += try InputExpander.expand(glob(input)).map(\.name)
      } else {
        paths += try InputExpander.expand([input]).map(\.name)
      }
    }
    let unique = Set(paths).sorted { $0.utf8Precedes($1) }
    return unique.map { InputSource(name: $0, path: $0) }
  }

  private static func glob(_ pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
    return (0..<Int(result.gl_pathc)).compactMap { index in result.gl_pathv[index].map { String(cString: $0) } }
  }
}
