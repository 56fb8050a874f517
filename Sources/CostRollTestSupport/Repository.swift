import Foundation

/// Places in the repository the tests read: sample data, shipped pipelines, fixtures.
public enum Repository {
  /// The repository's root directory.
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `root/relative`.
  public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

  /// The fixtures folder of the test target `target` (`Tests/<target>/Fixtures`).
  public static func fixtures(of target: String) -> URL { url("Tests/\(target)/Fixtures") }
}
