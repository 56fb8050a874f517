import Foundation
import Testing

/// Outputs compared byte for byte with files under a test target's `Fixtures/`. After an
/// intended change, `COSTROLL_RECORD_GOLDEN=1 swift test --filter NAME` writes the files anew;
/// review the diff before committing it.
public struct GoldenFile {
  /// Whether this test run re-records golden files instead of comparing.
  public static var isRecording: Bool { ProcessInfo.processInfo.environment["COSTROLL_RECORD_GOLDEN"] == "1" }

  /// The directory the golden files are in.
  public let directory: URL

  public init(directory: URL) { self.directory = directory }

  /// Expects `actual` to equal the golden file `name` (or records it). Absolute paths under
  /// the repository are made relative first: sources are named by the path they were read
  /// from, which depends on where the repository is checked out.
  public func check(
    _ actual: [UInt8]?, as name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let written = try #require(actual, "\(name) was not written", sourceLocation: sourceLocation)
    let relative = Array(
      String(decoding: written, as: UTF8.self).replacingOccurrences(of: Repository.root.path + "/", with: "").utf8)
    let url = directory.appendingPathComponent(name)
    if Self.isRecording {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(relative).write(to: url)
      return
    }
    let expected = try #require(
      FileManager.default.contents(atPath: url.path), "missing golden file \(name)", sourceLocation: sourceLocation)
    let same = Array(expected) == relative
    #expect(
      same,
      "\(name) differs\(Self.firstDifference(Array(expected), relative)); re-record with COSTROLL_RECORD_GOLDEN=1 if intended",
      sourceLocation: sourceLocation)
  }

  /// Where two texts first differ, as ` at line N: expected …, got …`.
  static func firstDifference(_ expected: [UInt8], _ actual: [UInt8]) -> String {
    let (old, new) = (String(decoding: expected, as: UTF8.self), String(decoding: actual, as: UTF8.self))
    let (oldLines, newLines) = (
      old.split(separator: "\n", omittingEmptySubsequences: false),
      new.split(separator: "\n", omittingEmptySubsequences: false)
    )
    for index in 0..<max(oldLines.count, newLines.count) {
      let (a, b) = (index < oldLines.count ? oldLines[index] : "", index < newLines.count ? newLines[index] : "")
      if a != b {
        return " at line \(index + 1): expected \(String(a).debugDescription), got \(String(b).debugDescription)"
      }
    }
    return ""
  }
}
