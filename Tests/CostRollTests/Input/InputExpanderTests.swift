import CostRollTestSupport
import Foundation
import Testing

@testable import CostRoll

@Suite struct InputExpanderTests {
  @Test func directoriesAreRecursiveSortedAndSkipHiddenEntries() throws {
    let directory = ScratchDirectory()
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

  /// A named pipe (as `<(zcat …)` gives) is said to be one, with what to do instead, not
  /// reported missing.
  @Test func aPipeIsAUsageErrorThatSaysSo() throws {
    let directory = ScratchDirectory()
    defer { directory.remove() }
    let pipe = directory.path + "/pipe"
    #expect(mkfifo(pipe, 0o600) == 0)
    do {
      _ = try InputExpander.expand([pipe])
      Issue.record("a pipe was accepted")
    } catch {
      #expect(error.description.contains("not a regular file"))
      #expect(error.hint.contains("standard input"))
      #expect(ExitStatus(error) == .usage)
    }
  }
}
