import Foundation
import Glibc
import Logging

/// A one-line progress display on stderr through a whole run: reading (files, MB, MB/s and
/// when reading should end), then each later phase with its own progress, redrawn every second
/// so a long phase never looks stuck. Only when stderr is a terminal and not silenced; under
/// cron it writes nothing.
///
/// With a logger, each phase's duration is logged at debug level as it ends (`--verbose`),
/// terminal or not: where a run's time went, for its operator.
///
/// The time left is given for the phase at hand only ("reading done in ~12s"): a run's later
/// phases (dedup and aggregation, writing) take a share of the whole that depends on the
/// input, so no end of the run is promised while they are ahead.
public final class ProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled: Bool
  private let totalFiles: Int
  private var filesDone = 0
  private var bytesDone = 0
  private let start = Date()
  private var phaseStart = Date()
  /// What the line says now, before the elapsed time.
  private var status = ""
  private var finished = false
  private let logger: Logger?
  /// The phase under way and when it began, for the durations logged.
  private var phaseName = "reading"
  private var phaseBegan = Date()

  /// A line for a run over `totalFiles` files; `quiet` silences it even on a terminal;
  /// `logger` receives each phase's duration.
  public init(totalFiles: Int, quiet: Bool, logger: Logger? = nil) {
    self.totalFiles = totalFiles
    self.logger = logger
    enabled = !quiet && isatty(2) == 1
    guard enabled else { return }
    status = "reading 0/\(totalFiles) files"
    Thread { [self] in
      while redraw() { sleep(1) }
    }.start()
  }

  /// Records one finished file.
  public func fileFinished(bytes: Int) {
    update { line in
      line.filesDone += 1
      line.bytesDone += bytes
      let elapsed = Date().timeIntervalSince(line.start)
      let megabytes = Double(line.bytesDone) / 1_000_000
      let rate = elapsed > 0 ? megabytes / elapsed : 0
      let left = elapsed / Double(line.filesDone) * Double(line.totalFiles - line.filesDone)
      line.status = String(
        format: "reading %d/%d files, %.1f MB, %.1f MB/s", line.filesDone, line.totalFiles, megabytes, rate)
      if line.filesDone < line.totalFiles { line.status += String(format: ", reading done in ~%.0fs", left) }
    }
  }

  /// Starts a later phase (`deduplicating and aggregating`, `writing outputs`).
  public func phase(_ name: String) {
    logPhaseEnd(next: name)
    update { line in
      line.phaseStart = Date()
      line.status = name
    }
  }

  /// Reports `done` of `total` steps of the current phase (shards, files).
  public func step(_ done: Int, of total: Int, in name: String) {
    update { line in
      let elapsed = Date().timeIntervalSince(line.phaseStart)
      line.status = "\(name) \(done)/\(total)"
      if done > 0 && done < total {
        line.status += String(format: ", done in ~%.0fs", elapsed / Double(done) * Double(total - done))
      }
    }
  }

  /// Logs how long the phase under way took, and starts timing `next`.
  private func logPhaseEnd(next: String?) {
    guard let logger else { return }
    lock.lock()
    let (name, seconds) = (phaseName, Date().timeIntervalSince(phaseBegan))
    (phaseName, phaseBegan) = (next ?? "", Date())
    lock.unlock()
    logger.debug("\(name) took \(String(format: "%.2f", seconds)) s")
  }

  /// Clears the line and stops redrawing it; logs the last phase's duration.
  public func finish() {
    logPhaseEnd(next: nil)
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    finished = true
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }

  /// Changes the status under the lock and redraws.
  private func update(_ change: (ProgressLine) -> Void) {
    guard enabled else { return }
    lock.lock()
    change(self)
    lock.unlock()
    _ = redraw()
  }

  /// Draws the line with the run's elapsed time; `false` once the line is finished.
  private func redraw() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return false }
    let text = String(format: "\r\u{1B}[Kcostroll: %@, %.0fs elapsed", status, Date().timeIntervalSince(start))
    FileHandle.standardError.write(Data(text.utf8))
    return true
  }
}
