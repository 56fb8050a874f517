import Foundation
import Logging

/// Diagnostics on stderr as `costroll: LEVEL: message`, never on stdout (stdout is for data).
struct DiagnosticLog: LogHandler {
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let prefix = event.level <= .info ? "" : "\(event.level): "
    FileHandle.standardError.write(Data("costroll: \(prefix)\(event.message)\n".utf8))
  }

  /// A logger writing to stderr; `quiet` keeps only warnings and errors, `verbose` adds the
  /// run's normal facts (how dedup is laid out).
  static func logger(quiet: Bool, verbose: Bool = false) -> Logger {
    Logger(label: "costroll") { _ in DiagnosticLog(logLevel: quiet ? .warning : verbose ? .debug : .info) }
  }
}
