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
}
