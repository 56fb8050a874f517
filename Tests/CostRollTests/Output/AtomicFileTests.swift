import Foundation
import Testing

@testable import CostRoll

@Suite struct AtomicFileTests {
  @Test func replacesWholeAndLeavesNoTemporaryFiles() throws {
    let directory = TestDirectory()
    defer { directory.remove() }
    let path = directory.path + "/out.csv"
    try AtomicFile.write(Array("old".utf8), to: path)
    try AtomicFile.write(Array("new".utf8), to: path)
    #expect(directory.read("out.csv") == Array("new".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
  }

  @Test func failureNamesThePathAndKeepsTheOldFile() throws {
    #expect(throws: CostRollError.self) { try AtomicFile.write([1], to: "/nonexistent-dir/out.csv") }
  }

  /// A file written piece by piece from a spool appears whole; when the pieces stop with an
  /// error, the previous file stays as it was and no temporary file is left.
  @Test func producedPiecesAppearWholeOrNotAtAll() throws {
    let directory = TestDirectory()
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
}
