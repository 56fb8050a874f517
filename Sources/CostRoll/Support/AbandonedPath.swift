import Foundation
import Glibc

/// Temporary paths that killed runs left behind, and their removal.
///
/// Every run locks (`flock`) its temporary directories and half-written outputs for as long as
/// they exist, and the kernel drops a lock when its process ends, however it ends (`kill -9`,
/// the out-of-memory killer). A path is abandoned when it is this user's, has not changed for a
/// while, and nobody holds its lock; the age keeps a path that another run has just made, and
/// not yet locked, safe.
enum AbandonedPath {
  /// Deletes the abandoned entries of `directory` whose names satisfy `isCandidate`
  /// (directories or regular files, as `isDirectory` says); returns how many and their bytes.
  static func removeAll(
    in directory: String, named isCandidate: (String) -> Bool, isDirectory: Bool, minimumAge: Int
  ) -> (count: Int, bytes: Int) {
    let parent = directory.hasSuffix("/") ? directory : directory + "/"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
    var removed = (count: 0, bytes: 0)
    for name in names where isCandidate(name) {
      guard let bytes = remove(parent + name, isDirectory: isDirectory, minimumAge: minimumAge) else { continue }
      removed.count += 1
      removed.bytes += bytes
    }
    return removed
  }

  /// Deletes `path` (a directory with its files, or a regular file) if it is abandoned, and
  /// returns the bytes it held; `nil` when it was kept.
  static func remove(_ path: String, isDirectory: Bool, minimumAge: Int) -> Int? {
    var info = stat()
    guard lstat(path, &info) == 0, info.st_mode & S_IFMT == (isDirectory ? S_IFDIR : S_IFREG),
      info.st_uid == getuid(), Int(time(nil)) - Int(info.st_mtim.tv_sec) >= minimumAge
    else { return nil }
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (isDirectory ? O_DIRECTORY : 0))
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    // Held by a live run (this process included, through another descriptor): not abandoned.
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return nil }
    let bytes = isDirectory ? Self.bytes(under: path) : Int(info.st_size)
    if isDirectory {
      guard (try? FileManager.default.removeItem(atPath: path)) != nil else { return nil }
    } else {
      guard unlink(path) == 0 else { return nil }
    }
    return bytes
  }

  /// The bytes of the regular files in `path` (one level: temporary directories have no others).
  private static func bytes(under path: String) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.reduce(0) { total, name in
      var info = stat()
      return total + (lstat(path + "/" + name, &info) == 0 ? Int(info.st_size) : 0)
    }
  }
}
