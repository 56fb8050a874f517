import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct RunDirectoryTests {
  /// Writes run directory `name` holding `a.csv` with `text`.
  func writeRun(_ directory: RunDirectory, _ name: String, _ text: String) throws {
    let staging = try directory.stage(name)
    _ = try staging.write("a.csv", Array(text.utf8))
    _ = try staging.commit()
  }

  /// What a run killed between its steps leaves, and how the next run's recovery finishes it:
  /// a staging directory and a directory the state store never committed are deleted, and
  /// `latest` moves to the newest committed run.
  @Test func recoveryDeletesUncommittedRunsAndRepointsLatest() throws {
    let scratch = ScratchDirectory()
    defer { scratch.remove() }
    let directory = RunDirectory(output: scratch.path + "/out")
    try writeRun(directory, "run-000001-x", "one\n")
    try directory.publish("run-000001-x")
    // Run 2 committed but was killed before repointing `latest`; run 3 was killed before its
    // commit (its directory is complete), and another run was killed while writing.
    try writeRun(directory, "run-000002-x", "two\n")
    try writeRun(directory, "run-000003-x", "three\n")
    try AtomicFile.makeDirectory(directory.runsPath + "/.incomplete-run-000004-x")

    try directory.recover(committed: ["run-000001-x", "run-000002-x"])
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.runsPath).sorted()
    #expect(names == ["run-000001-x", "run-000002-x"])
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.latestPath) == "runs/run-000002-x")
    #expect(FileManager.default.contents(atPath: directory.latestPath + "/a.csv") == Data("two\n".utf8))

    directory.prune(committed: ["run-000001-x", "run-000002-x"], keep: 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.runsPath) == ["run-000002-x"])
  }

  /// A file written piece by piece is listed with the size and SHA-256 of all its pieces, the
  /// same as the file written whole.
  @Test func streamedFilesAreHashedLikeWholeOnes() throws {
    let scratch = ScratchDirectory()
    defer { scratch.remove() }
    let directory = RunDirectory(output: scratch.path + "/out")
    let staging = try directory.stage("run-000001-x")
    let pieces = [Array("first line\n".utf8), [], Array(repeating: 0x61, count: 70_000), Array("end\n".utf8)]
    let streamed = try staging.write("streamed.jsonl") { (emit) throws(CostRollError) in
      for piece in pieces { try emit(piece) }
    }
    let whole = try staging.write("whole.jsonl", pieces.flatMap { $0 })
    let path = try staging.commit()
    #expect(streamed.bytes == whole.bytes && streamed.sha256 == whole.sha256)
    #expect(streamed.sha256 == ContentHash.bytes(pieces.flatMap { $0 }))
    #expect(FileManager.default.contents(atPath: path + "/streamed.jsonl") == Data(pieces.flatMap { $0 }))
  }
}
