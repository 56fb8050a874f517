import Foundation
import Glibc

/// A one-line progress display on stderr (files done, MB read, MB/s, elapsed), only when
/// stderr is a terminal and not silenced; under cron it writes nothing.
public final class ProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled: Bool
  private let totalFiles: Int
  private var filesDone = 0
  private var bytesDone = 0
  private let start = Date()

  /// `quiet` silences it even on a terminal.
  public init(totalFiles: Int, quiet: Bool) {
    self.totalFiles = totalFiles
    enabled = !quiet && isatty(2) == 1
  }

  /// Records one finished file.
  func fileFinished(bytes: Int) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    filesDone += 1
    bytesDone += bytes
    let elapsed = Date().timeIntervalSince(start)
    let megabytes = Double(bytesDone) / 1_000_000
    let rate = elapsed > 0 ? megabytes / elapsed : 0
    let eta = filesDone > 0 ? elapsed / Double(filesDone) * Double(totalFiles - filesDone) : 0
    let text = String(
      format: "\rcostroll: %d/%d files, %.1f MB, %.1f MB/s, %.1fs elapsed, ETA %.0fs ", filesDone, totalFiles,
      megabytes, rate, elapsed, eta)
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Clears the line.
  func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
