import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct PathTextTests {
  @Test func dotsAndParentsOfRealDirectoriesGo() throws {
    let scratch = ScratchDirectory()
    try FileManager.default.createDirectory(atPath: scratch.path("a/b"), withIntermediateDirectories: true)
    let root = scratch.path
    #expect(PathText.normalized(root + "/a/./b/../b//c") == root + "/a/b/c")
    #expect(PathText.normalized(root + "/a/b/../../x") == root + "/x")
    #expect(PathText.normalized("/../x") == "/x")
    #expect(PathText.normalized(".") == ".")
    // A name that is not a directory here keeps its `..` (nothing to resolve it against).
    #expect(PathText.normalized(root + "/missing/../x") == root + "/missing/../x")
  }

  /// Through a symbolic link `..` leads to the link target's parent, so it is kept.
  @Test func aParentThroughALinkStays() throws {
    let scratch = ScratchDirectory()
    try FileManager.default.createDirectory(atPath: scratch.path("real/deep"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path("link"), withDestinationPath: scratch.path("real/deep"))
    #expect(PathText.normalized(scratch.path + "/link/../x") == scratch.path + "/link/../x")
  }
}
