/// costroll's version, as `--version` prints it and `run.json` records it.
public enum ToolVersion {
  public static let current = "0.4.0"
}
