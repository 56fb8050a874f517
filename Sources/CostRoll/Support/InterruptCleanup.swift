import Foundation
import Glibc
import Synchronization

/// Deletes a run's temporary files when the run is interrupted (SIGINT, SIGTERM or SIGHUP), then
/// lets the signal end the process as it would have.
///
/// A large report keeps gigabytes in `$TMPDIR` while it runs (the line spool and spilled
/// shards); Ctrl-C, `kill` or a cron job's timeout must not leave them behind. Outputs are not
/// touched: a half-written output is a temporary file too (`AtomicFile`), so it is deleted, and
/// the previous outputs stay as they were.
///
/// `install()` blocks the three signals in the calling thread, before any other thread exists,
/// so that every thread started later inherits the block, and starts a thread that waits for
/// them (`sigwait`): the cleanup runs on an ordinary thread, where deleting a directory is safe,
/// rather than in a signal handler. `SIGKILL` cannot be caught; what it leaves stays.
public enum InterruptCleanup {
  /// The signals that end a run after cleaning up.
  private static let signals = [SIGINT, SIGTERM, SIGHUP]

  /// Temporary paths that exist now, each with whether it is a directory.
  private static let tracked = Mutex<[String: Bool]>([:])

  /// Starts cleaning up on interruption. Call once, first thing in `main`.
  public static func install() {
    let set = signalSet()
    var blocked = set
    pthread_sigmask(SIG_BLOCK, &blocked, nil)
    Thread.detachNewThread { waitForSignal(set) }
  }

  /// The paths being tracked now (for tests).
  static var trackedPaths: [String] { tracked.withLock { Array($0.keys) } }

  /// Remembers `path` (made by this process) until `untrack` or an interruption.
  static func track(_ path: String, isDirectory: Bool) {
    tracked.withLock { $0[path] = isDirectory }
  }

  /// Makes a path with `make` (`nil`: it failed) and tracks it in one step, so that an
  /// interruption comes either before the path exists or after it is tracked.
  static func track(isDirectory: Bool, madeBy make: () -> String?) -> String? {
    tracked.withLock { paths in
      guard let path = make() else { return nil }
      paths[path] = isDirectory
      return path
    }
  }

  /// Forgets `path` (it was renamed into place).
  static func untrack(_ path: String) {
    tracked.withLock { _ = $0.removeValue(forKey: path) }
  }

  /// Deletes tracked `path` (a directory with everything in it) and forgets it: the one way a
  /// temporary path is deleted, whether its owner is done with it or the run is interrupted.
  static func delete(_ path: String) {
    tracked.withLock { paths in
      erase(path, isDirectory: paths[path] ?? false)
      paths[path] = nil
    }
  }

  private static func erase(_ path: String, isDirectory: Bool) {
    guard isDirectory else {
      unlink(path)
      return
    }
    // On an interruption, a worker still running may add a file between listing and deleting.
    for _ in 0..<5 where FileManager.default.fileExists(atPath: path) {
      try? FileManager.default.removeItem(atPath: path)
    }
  }

  /// The signals to wait for: those this process was not started ignoring. A shell starts
  /// background jobs with SIGINT ignored and `nohup` ignores SIGHUP; such a signal stays
  /// ignored, as the starter meant.
  private static func signalSet() -> sigset_t {
    var set = sigset_t()
    sigemptyset(&set)
    for signal in signals {
      var current = sigaction()
      sigaction(signal, nil, &current)
      let handler = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
      if handler != unsafeBitCast(SIG_IGN, to: Int.self) { sigaddset(&set, signal) }
    }
    return set
  }

  private static func waitForSignal(_ set: sigset_t) {
    var set = set
    var received: Int32 = 0
    while sigwait(&set, &received) != 0 {}
    // The lock is held until the process ends, so no path is made or deleted meanwhile.
    tracked.withLock { paths in
      for (path, isDirectory) in paths { erase(path, isDirectory: isDirectory) }
      signal(received, SIG_DFL)
      var only = sigset_t()
      sigemptyset(&only)
      sigaddset(&only, received)
      pthread_sigmask(SIG_UNBLOCK, &only, nil)
      raise(received)
      // Not reached: the default action of these signals ends the process.
      exit(128 + received)
    }
  }
}
