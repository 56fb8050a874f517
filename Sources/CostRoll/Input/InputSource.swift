/// One input to read: a file, or standard input.
public struct InputSource: Hashable, Sendable {
  /// The name used in outputs: the path as given (a directory argument joined with the
  /// relative path for files found under it), or `-` for standard input.
  public var name: String
  /// The file to open; `nil` for standard input.
  public var path: String?

  public init(name: String, path: String?) {
    self.name = name
    self.path = path
  }

  /// Standard input.
  public static let standardInput = InputSource(name: "-", path: nil)
}
