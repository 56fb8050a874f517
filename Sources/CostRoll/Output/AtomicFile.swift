import Glibc

/// Writes a file so that it appears under its final name complete or not at all: the bytes go
/// to a temporary file in the same directory, are flushed to disk, and are renamed over the
/// final name; a run killed at any moment leaves the previous file intact.
public enum AtomicFile {
  /// Writes `bytes` to `path` atomically.
  public static func write(_ bytes: [UInt8], to path: String) throws(CostRollError) {
    let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let temporary =
      (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    var failure = bytes.withUnsafeBytes { DescriptorWrite.all($0, to: fd) }
    if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    close(fd)
    if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw .writeFailed(path: path, reason: failure)
    }
    // Make the rename itself durable.
    let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directoryFD >= 0 {
      fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// Creates `path` and its parents if missing.
  public static func makeDirectory(_ path: String) throws(CostRollError) {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      current += "/" + component
      if mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
      }
    }
  }
}
