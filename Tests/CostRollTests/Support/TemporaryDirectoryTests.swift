import CostRollTestSupport
import Foundation
import Glibc
import Testing

@testable import CostRoll

/// Directories that killed runs left in `$TMPDIR` are deleted by the next run; nothing a live run
/// holds, nothing just made, and nothing costroll did not name that way is touched.
@Suite struct TemporaryDirectoryTests {
  /// Makes `name` under `parent` with a 10-byte file, last changed `age` seconds ago.
  func makeDirectory(_ parent: String, _ name: String, age: Int) -> String {
    let path = parent + "/" + name
    #expect(mkdir(path, 0o700) == 0)
    #expect(FileManager.default.createFile(atPath: path + "/data.bin", contents: Data(count: 10)))
    let then = timeval(tv_sec: time(nil) - age, tv_usec: 0)
    #expect(utimes(path, [then, then]) == 0)
    return path
  }

  @Test func removesOnlyUnlockedOldDirectoriesNamedByMake() {
    let parent = ScratchDirectory()
    defer { parent.remove() }
    let stale = makeDirectory(parent.path, "costroll-spill.a1b2c3", age: 120)
    let fresh = makeDirectory(parent.path, "costroll-lines.d4e5f6", age: 0)
    let earlierVersion = makeDirectory(parent.path, "costroll-spill-g7h8i9", age: 120)
    let notOurs = makeDirectory(parent.path, "other.j1k2l3", age: 120)
    let held = makeDirectory(parent.path, "costroll-rejects.m4n5o6", age: 120)
    // A live run's lock (another descriptor, as another process would hold it).
    let descriptor = open(held, O_RDONLY | O_DIRECTORY)
    defer { close(descriptor) }
    #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)

    let removed = TemporaryDirectory.removeStale(in: parent.path, minimumAge: 60)
    #expect(removed.count == 1 && removed.bytes == 10)
    #expect(!FileManager.default.fileExists(atPath: stale))
    for kept in [fresh, earlierVersion, notOurs, held] { #expect(FileManager.default.fileExists(atPath: kept)) }
  }

  /// A directory this process made stays locked until it is removed, so another run never takes
  /// it for stale, however long it sits unchanged.
  @Test func directoriesInUseAreLocked() throws {
    let path = try TemporaryDirectory.make(prefix: "costroll-test")
    let then = timeval(tv_sec: time(nil) - 3600, tv_usec: 0)
    #expect(utimes(path, [then, then]) == 0)
    let parent = (path as NSString).deletingLastPathComponent
    TemporaryDirectory.removeStale(in: parent, minimumAge: 60)
    #expect(FileManager.default.fileExists(atPath: path))
    TemporaryDirectory.remove(path)
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
