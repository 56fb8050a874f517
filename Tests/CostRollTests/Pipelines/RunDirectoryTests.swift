import Foundation
import Testing

@testable import CostRoll

@Suite struct RunDirectoryTests {
  /// What a run killed between its steps leaves, and how the next run's recovery finishes it:
  /// a staging directory and a directory the state store never committed are deleted, and
  /// `latest` moves to the newest committed run.
  @Test func recoveryDeletesUncommittedRunsAndRepointsLatest() throws {
    let scratch = TestDirectory()
    let directory = RunDirectory(output: scratch.path + "/out")
    _ = try directory.write([("a.csv", Array("one\n".utf8))], name: "run-000001-x")
    try directory.publish("run-000001-x")
    // Run 2 committed but was killed before repointing `latest`; run 3 was killed before its
    // commit (its directory is complete), and another run was killed while writing.
    _ = try directory.write([("a.csv", Array("two\n".utf8))], name: "run-000002-x")
    _ = try directory.write([("a.csv", Array("three\n".utf8))], name: "run-000003-x")
    try AtomicFile.makeDirectory(directory.runsPath + "/.incomplete-run-000004-x")

    try directory.recover(committed: ["run-000001-x", "run-000002-x"])
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.runsPath).sorted()
    #expect(names == ["run-000001-x", "run-000002-x"])
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.latestPath) == "runs/run-000002-x")
    #expect(FileManager.default.contents(atPath: directory.latestPath + "/a.csv") == Data("two\n".utf8))

    directory.prune(committed: ["run-000001-x", "run-000002-x"], keep: 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.runsPath) == ["run-000002-x"])
  }
}
