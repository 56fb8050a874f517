import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct AtomicFileTests {
  @Test func replacesWholeAndLeavesNoTemporaryFiles() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let path = directory.path + "/out.csv"
    try AtomicFile.write(Array("old".utf8), to: path)
    try AtomicFile.write(Array("new".utf8), to: path)
    #expect(directory.read("out.csv") == Array("new".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
  }

  /// Finished files appear only when the set is published; a set dropped before that (one of
  /// its files failed) leaves the previous files and no temporary file.
  @Test func aSetAppearsOnlyWhenPublished() throws {
    let directory = ScratchDirectory()
    try AtomicFile.write(Array("old a".utf8), to: directory.path("a"))
    try AtomicFile.write(Array("old b".utf8), to: directory.path("b"))
    do {
      let files = try ["a", "b"].map { (name) throws(CostRollError) in try AtomicFile.Writer(path: directory.path(name))
      }
      for file in files {
        try file.append(Array("new".utf8))
        try file.finish()
      }
      #expect(directory.read("a") == Array("old a".utf8), "finished is not yet published")
    }
    #expect(directory.read("a") == Array("old a".utf8) && directory.read("b") == Array("old b".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["a", "b"])
    let files = try ["a", "b"].map { (name) throws(CostRollError) in try AtomicFile.Writer(path: directory.path(name)) }
    for file in files {
      try file.append(Array("new".utf8))
      try file.finish()
    }
    try AtomicFile.publish(files)
    #expect(directory.read("a") == Array("new".utf8) && directory.read("b") == Array("new".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["a", "b"])
  }

  @Test func failureNamesThePathAndKeepsTheOldFile() throws {
    #expect(throws: CostRollError.self) { try AtomicFile.write([1], to: "/nonexistent-dir/out.csv") }
  }

  /// A file written piece by piece from a spool appears whole; when the pieces stop with an
  /// error, the previous file stays as it was and no temporary file is left.
  @Test func producedPiecesAppearWholeOrNotAtAll() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let path = directory.path + "/rejects.jsonl"
    try AtomicFile.write(to: path) { (emit) throws(CostRollError) in
      for piece in ["a\n", "", "b\n"] { try emit(Array(piece.utf8)) }
    }
    #expect(directory.read("rejects.jsonl") == Array("a\nb\n".utf8))
    #expect(throws: CostRollError.self) {
      try AtomicFile.write(to: path) { (emit) throws(CostRollError) in
        try emit(Array("half".utf8))
        throw .readFailed(path: "spool", reason: "test")
      }
    }
    #expect(directory.read("rejects.jsonl") == Array("a\nb\n".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["rejects.jsonl"])
  }

  /// A half-written output that a killed run left (unlocked, a minute old) is deleted when the
  /// next run starts in that directory; one being written (locked), a fresh one, and files not
  /// named like a temporary are kept.
  @Test func removesOnlyAbandonedHalfWrittenOutputs() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    func file(_ name: String, age: Int) -> String {
      let path = directory.write(name, Array("partial".utf8))
      let then = timeval(tv_sec: time(nil) - age, tv_usec: 0)
      #expect(utimes(path, [then, then]) == 0)
      return path
    }
    let abandoned = file(".report.csv.tmp-4242-17", age: 120)
    let fresh = file(".report.json.tmp-4242-18", age: 0)
    let kept = [fresh, file("report.csv", age: 120), file(".report.csv.tmp-x-1", age: 120), file(".tmp-1-2", age: 120)]
    let writing = try AtomicFile.Writer(path: directory.path + "/summary.json")
    try writing.append(Array("{".utf8))
    let written = try #require(
      FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(".summary.json.tmp-") })
    let then = timeval(tv_sec: time(nil) - 120, tv_usec: 0)
    #expect(utimes(directory.path + "/" + written, [then, then]) == 0)

    #expect(AtomicFile.removeAbandoned(in: directory.path) == 1)
    #expect(!FileManager.default.fileExists(atPath: abandoned))
    for path in kept + [directory.path + "/" + written] {
      #expect(FileManager.default.fileExists(atPath: path), "\(path)")
    }
    try writing.commit()
    #expect(FileManager.default.fileExists(atPath: directory.path + "/summary.json"))
  }
}
