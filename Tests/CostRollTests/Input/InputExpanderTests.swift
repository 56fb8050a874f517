import Testing

@testable import CostRoll

@Suite struct InputExpanderTests {
  @Test func directoriesAreRecursiveSortedAndSkipHiddenEntries() throws {
    let directory = TestDirectory()
    defer { directory.remove() }
    for name in ["b.jsonl", "a/z.gz", "a/.hidden.jsonl", ".git/x.jsonl", "a-c.jsonl", "a/sub/y"] {
      directory.write(name, [])
    }
    let hidden = directory.path + "/a/.hidden.jsonl"
    let sources = try InputExpander.expand([directory.path, hidden, "-", directory.path + "/b.jsonl"])
    let base = directory.path + "/"
    #expect(
      sources.map(\.name) == [
        base + "a-c.jsonl", base + "a/sub/y", base + "a/z.gz", base + "b.jsonl", hidden, "-", base + "b.jsonl",
      ])
    #expect(sources[5].path == nil)
    // A trailing slash is not doubled.
    #expect(try InputExpander.expand([base]).first?.name == base + "a-c.jsonl")
  }

  @Test func missingInputIsAUsageError() {
    #expect(throws: CostRollError.inputNotFound(path: "/nonexistent/file")) {
      try InputExpander.expand(["/nonexistent/file"])
    }
  }
}
