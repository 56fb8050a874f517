import CostRoll

/// The exit statuses as `costroll --help` prints them (the README has the same table); each
/// command's help points there rather than repeating it.
enum ExitStatusHelp {
  /// What a command's help says instead of the table.
  static let pointer = "Exit status: 0 clean; the other statuses are listed in 'costroll --help'."

  static let text = """
    Exit status:
      0   clean run (rejected lines up to --max-reject-rate, default 1%)
      2   rejected lines above --max-reject-rate (validate: any rejected line)
      3   a damaged input file (truncated or corrupt gzip); its complete lines
          were still used
      64  usage or configuration error; nothing was written
      66  the inputs hold no file at all (unless --allow-empty); nothing was
          written
      74  reading an input, writing an output or the state store failed, or an
          input changed during the run
      75  another run holds the pipeline's state store lock (run --wait
          SECONDS waits)
      1   unexpected internal error
    When several apply, the largest wins. Interrupted (SIGINT, SIGTERM,
    SIGHUP), a run deletes its temporary files and ends by the signal (130 for
    Ctrl-C); outputs stay as before.
    """
}
