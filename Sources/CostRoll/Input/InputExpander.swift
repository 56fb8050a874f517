import Foundation

/// Expands command-line arguments into the sources to read.
///
/// A directory means every regular file under it, recursively, in byte-wise path order,
/// skipping every file and directory whose name starts with `.`; a file named explicitly is
/// read even if hidden; a file given twice is read twice; `-` is standard input. Symbolic links
/// to files count as files; links to directories are not followed (no cycles).
public enum InputExpander {
  /// The sources for `arguments`, in argument order (files under a directory sorted).
  public static func expand(_ arguments: [String]) throws(CostRollError) -> [InputSource] {
    var sources: [InputSource] = []
    for argument in arguments {
      if argument == "-" {
        sources.append(.standardInput)
        continue
      }
      switch kind(of: argument, followLinks: true) {
      case .file:
        sources.append(InputSource(name: argument, path: argument))
      case .directory:
        var relatives: [String] = []
        try walk(directory: argument, relative: "", into: &relatives)
        relatives.sort { $0.utf8Precedes($1) }
        let prefix = argument.hasSuffix("/") ? argument : argument + "/"
        sources += relatives.map { InputSource(name: prefix + $0, path: prefix + $0) }
      case .other:
        // A file's size is needed before it is read (the spill decision), which a pipe has not.
        throw .usage(
          "\(argument): not a regular file or directory (a pipe, socket or device)",
          hint: "give a pipe's contents on standard input as '-' (costroll report - --out DIR < FILE), "
            + "or save them to a file first")
      case .missing:
        throw .inputNotFound(path: argument)
      }
    }
    return sources
  }

  private enum Kind { case file, directory, other, missing }

  private static func kind(of path: String, followLinks: Bool) -> Kind {
    var info = stat()
    let result = followLinks ? stat(path, &info) : lstat(path, &info)
    guard result == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    default: return .other
    }
  }

  private static func walk(directory: String, relative: String, into files: inout [String]) throws(CostRollError) {
    let full = relative.isEmpty ? directory : (directory.hasSuffix("/") ? directory : directory + "/") + relative
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else {
      throw .readFailed(path: full, reason: "cannot list the directory")
    }
    for name in names where !name.hasPrefix(".") {
      let childRelative = relative.isEmpty ? name : relative + "/" + name
      let childPath = (full.hasSuffix("/") ? full : full + "/") + name
      switch kind(of: childPath, followLinks: false) {
      case .directory:
        try walk(directory: directory, relative: childRelative, into: &files)
      case .file:
        files.append(childRelative)
      case .other:
        // A symbolic link: a link to a regular file counts, a link to a directory does not.
        if kind(of: childPath, followLinks: true) == .file { files.append(childRelative) }
      case .missing:
        break
      }
    }
  }
}
