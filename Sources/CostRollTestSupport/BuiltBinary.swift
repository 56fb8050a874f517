import Foundation
import Testing

/// The executables `swift build` put beside the test bundle (`costroll`, `costroll-bench`),
/// started as real processes.
public enum BuiltBinary {
  /// The path of the built executable `name`.
  public static func path(_ name: String) -> String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
  }

  /// A process (not started) of the built `name` with `arguments`. With `temporary`, that
  /// directory (made if needed) is its `$TMPDIR`; `environment` entries are added last.
  public static func process(
    _ name: String, _ arguments: [String], temporary: String? = nil, environment: [String: String] = [:]
  ) -> Process {
    let binary = path(name)
    #expect(FileManager.default.isExecutableFile(atPath: binary), "build \(name) first: swift build")
    var settings = ProcessInfo.processInfo.environment
    if let temporary {
      try? FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
      settings["TMPDIR"] = temporary + "/"
    }
    settings.merge(environment) { $1 }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = settings
    return process
  }

  /// Runs the built `name` to its end; returns its status and what it printed.
  public static func run(
    _ name: String, _ arguments: [String], temporary: String? = nil, environment: [String: String] = [:]
  ) throws -> ChildOutput {
    try ChildOutput.collect(from: process(name, arguments, temporary: temporary, environment: environment))
  }
}

extension ScratchDirectory {
  /// A process (not started) of the built `costroll` with `arguments` and this directory's
  /// `temporary` as its `$TMPDIR`.
  public func costroll(_ arguments: [String]) -> Process {
    BuiltBinary.process("costroll", arguments, temporary: temporary)
  }
}
