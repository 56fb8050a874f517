import CostRollGenerator
import Foundation

/// A fresh temporary directory for one test, with helpers to write files into it.
struct TestDirectory {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "costroll-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes `bytes` to `name` (subdirectories created) and returns the full path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) -> String {
    let full = path + "/" + name
    try! FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
    return full
  }

  @discardableResult
  func write(_ name: String, lines: [String], gzip: Bool = false) -> String {
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
    return write(name, gzip ? GzipWriter.member(bytes) : bytes)
  }

  func read(_ name: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path + "/" + name) ?? Data())
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}
