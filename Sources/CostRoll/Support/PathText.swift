import Glibc

/// Paths as people read them: `pipelines/../out/nightly` is `out/nightly`.
public enum PathText {
  /// `path` with `.` components, repeated slashes and each `NAME/..` removed, where `NAME` is a
  /// directory and not a symbolic link (through a link, `..` leads elsewhere, so it stays).
  /// Names the same file as `path`; an empty result is `.`.
  public static func normalized(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var kept: [Substring] = []
    for component in path.split(separator: "/") where component != "." {
      if component == "..", let last = kept.last, last != "..",
        isPlainDirectory((absolute ? "/" : "") + kept.joined(separator: "/"))
      {
        kept.removeLast()
      } else if component == "..", absolute, kept.isEmpty {
        continue
      } else {
        kept.append(component)
      }
    }
    let joined = kept.joined(separator: "/")
    return absolute ? "/" + joined : joined.isEmpty ? "." : joined
  }

  /// Whether `path` is a directory and not a symbolic link.
  private static func isPlainDirectory(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }
}
