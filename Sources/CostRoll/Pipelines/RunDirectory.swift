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

  /// A fresh staging directory for run `name`: files are written into it, then `commit()`
  /// renames it to the run directory, so the run's files appear all or nothing.
  func stage(_ name: String) throws(CostRollError) -> Staging {
    let staging = Staging(path: runsPath + "/.incomplete-" + name, final: runsPath + "/" + name)
    try? FileManager.default.removeItem(atPath: staging.path)
    try AtomicFile.makeDirectory(staging.path)
    return staging
  }

  /// A run directory being written.
  struct Staging {
    let path: String
    let final: String

    /// Writes the file `name`; returns its size and SHA-256 (for `run.json`).
    func write(_ name: String, _ bytes: [UInt8]) throws(CostRollError) -> RunManifest.Output {
      try AtomicFile.write(bytes, to: path + "/" + name)
      return RunManifest.Output(name: name, bytes: bytes.count, sha256: ContentHash.bytes(bytes))
    }

    /// Writes the file `name` from the pieces `produce` hands to its argument, hashing them as
    /// they go, so that the file is never held whole (a run's rejections and conflicts).
    func write(
      _ name: String, producedBy produce: (([UInt8]) throws(CostRollError) -> Void) throws(CostRollError) -> Void
    ) throws(CostRollError) -> RunManifest.Output {
      var hash = ContentHash.Running()
      try AtomicFile.write(to: path + "/" + name) { (emit) throws(CostRollError) in
        // Each piece is hashed on its way to the file.
        try withoutActuallyEscaping(emit) { (emit) throws(CostRollError) in
          try produce { (piece) throws(CostRollError) in
            hash.update(piece)
            try emit(piece)
          }
        }
      }
      return RunManifest.Output(name: name, bytes: hash.count, sha256: hash.finalize())
    }

    /// Renames the staging directory to the run directory; returns its path.
    func commit() throws(CostRollError) -> String {
      guard rename(path, final) == 0 else { throw .writeFailed(path: final, reason: String(cString: strerror(errno))) }
      return final
    }
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
