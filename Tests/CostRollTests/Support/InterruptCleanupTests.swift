import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

/// What an interruption would delete: every temporary path a run makes is tracked while it
/// exists and forgotten once it is deleted or renamed into place. (The signal itself is tested
/// on a real process: `InterruptTests` in the commands' tests.)
@Suite struct InterruptCleanupTests {
  @Test func temporaryDirectoriesAreTrackedUntilRemoved() throws {
    let spool = try LineSpool()
    let shards = try EventShards(shardCount: 2)
    let directories = [spool.directory, try #require(shards.directory)]
    for directory in directories { #expect(InterruptCleanup.trackedPaths.contains(directory)) }
    spool.remove()
    shards.remove()
    for directory in directories {
      #expect(!InterruptCleanup.trackedPaths.contains(directory))
      #expect(!FileManager.default.fileExists(atPath: directory))
    }
  }

  @Test func anOutputIsTrackedUntilCommittedOrDropped() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    // Other tests run meanwhile: only this directory's paths count.
    var tracked: [String] { InterruptCleanup.trackedPaths.filter { $0.hasPrefix(directory.path + "/") } }
    do {
      let dropped = try AtomicFile.Writer(path: directory.path + "/dropped.csv")
      try dropped.append(Array("a\n".utf8))
      #expect(tracked.count == 1)
    }
    #expect(tracked.isEmpty)
    let committed = try AtomicFile.Writer(path: directory.path + "/kept.csv")
    let temporary = try #require(tracked.first)
    #expect(temporary.hasPrefix(directory.path + "/.kept.csv.tmp-"))
    try committed.commit()
    #expect(!InterruptCleanup.trackedPaths.contains(temporary))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["kept.csv"])
  }
}
