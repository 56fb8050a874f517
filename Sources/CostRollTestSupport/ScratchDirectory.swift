import CostRollGenerator
import Foundation

/// A fresh directory for one test, deleted when the value goes away, with a private `$TMPDIR`
/// inside it (`temporary`) for the processes a test starts, so a test sees exactly what a run
/// leaves behind and a killed run's files never land in the machine's `/tmp`.
public final class ScratchDirectory: @unchecked Sendable {
  /// The directory's absolute path.
  public let path: String

  /// Makes a new directory under `$TMPDIR`, named `prefix` and a unique suffix.
  public init(prefix: String = "costroll-test") {
    path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { remove() }

  /// Deletes the directory and everything in it.
  public func remove() { try? FileManager.default.removeItem(atPath: path) }

  /// `path/name`.
  public func path(_ name: String) -> String { path + "/" + name }

  /// The `$TMPDIR` given to processes started with `BuiltBinary.process(_:_:temporary:)`.
  public var temporary: String { path + "/tmp" }

  /// The names in `temporary` now.
  public var temporaryFiles: Set<String> { Set(names(in: "tmp")) }

  /// The names in the subdirectory `relative` (none when it does not exist).
  public func names(in relative: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []
  }

  /// Writes `bytes` to `name` (its subdirectories made) and returns the full path.
  @discardableResult
  public func write(_ name: String, _ bytes: [UInt8]) -> String {
    let full = path(name)
    try! FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
    return full
  }

  /// Writes `text` to `name` and returns the full path.
  @discardableResult
  public func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

  /// Writes `lines`, each ended by LF, to `name` (as one gzip member when `gzip`) and returns
  /// the full path.
  @discardableResult
  public func write(_ name: String, lines: [String], gzip: Bool = false) -> String {
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
    return write(name, gzip ? GzipWriter.member(bytes) : bytes)
  }

  /// The bytes of `name` (empty when it does not exist).
  public func read(_ name: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path(name)) ?? Data())
  }
}
