import Foundation
import Glibc

/// A pipeline's output directory: `runs/NAME/` per finished run and `latest`, a symbolic link
/// to the newest one, swapped atomically (`rename(2)` of a new link over the old).
///
/// A run writes into `runs/.incomplete-NAME/` and renames it to `runs/NAME/` once every file is
/// in it, so a run directory is complete or absent. The state store commits after that rename
/// and `latest` moves after the commit; `recover` (at the start of every run) finishes or
/// undoes whatever a killed run left between those steps.
public struct RunDirectory: Sendable {
  public let output: String
  public var runsPath: String { output + "/runs" }
  public var latestPath: String { output + "/latest" }

  public init(output: String) { self.output = output }

  /// The directory name of run `id` started at `started`.
  public static func name(id: Int64, started: Instant) -> String {
    let digits = String(id)
    let stamp = started.description.filter { $0 != "-" && $0 != ":" }
    return "run-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "-" + stamp
  }

  /// Deletes run directories the state store does not list (a run killed before its commit)
  /// and points `latest` at the newest listed run (a run killed after its commit).
  public func recover(committed: [String]) throws(CostRollError) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: runsPath)) ?? []
    let known = Set(committed)
    for name in names where !known.contains(name) {
      try? FileManager.default.removeItem(atPath: runsPath + "/" + name)
    }
    if let newest = committed.last, FileManager.default.fileExists(atPath: runsPath + "/" + newest) {
      try publish(newest)
    }
  }

  /// Writes `files` into the run directory `name`, all or nothing; returns its path.
  public func write(_ files: [(name: String, bytes: [UInt8])], name: String) throws(CostRollError) -> String {
    let staging = runsPath + "/.incomplete-" + name
    let final = runsPath + "/" + name
    try? FileManager.default.removeItem(atPath: staging)
    try AtomicFile.makeDirectory(staging)
    for file in files { try AtomicFile.write(file.bytes, to: staging + "/" + file.name) }
    guard rename(staging, final) == 0 else { throw .writeFailed(path: final, reason: String(cString: strerror(errno))) }
    return final
  }

  /// Points `latest` at run directory `name`, atomically.
  public func publish(_ name: String) throws(CostRollError) {
    let link = output + "/.latest-\(getpid())"
    unlink(link)
    guard symlink("runs/" + name, link) == 0, rename(link, latestPath) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(link)
      throw .writeFailed(path: latestPath, reason: reason)
    }
  }

  /// Deletes the run directories of `committed` (oldest first) but the newest `keep`.
  public func prune(committed: [String], keep: Int) {
    for name in committed.dropLast(keep) { try? FileManager.default.removeItem(atPath: runsPath + "/" + name) }
  }
}
