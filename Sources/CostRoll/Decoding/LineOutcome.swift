/// What one input line turned out to be. Every line is exactly one of these.
public enum LineOutcome: Sendable {
  /// Only spaces, tabs and CRs.
  case blank
  /// A valid event, with what the decoder noticed on the way.
  case event(CostEvent, EventNotes)
  /// Not a valid event, and why.
  case rejection(Rejection)
}

/// Facts about a valid line that the summary counts.
public struct EventNotes: OptionSet, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// `total_cost_usd` was absent and derived as `quantity × unit_cost_usd`.
  public static let derivedCost = EventNotes(rawValue: 1)
  /// Both costs were given and disagree by more than one part in 10⁹.
  public static let costMismatch = EventNotes(rawValue: 2)
  /// At least one value needed more than 18 fractional digits and was rounded.
  public static let roundedValue = EventNotes(rawValue: 4)
}

/// What one input line turned out to be, with a valid event still borrowed from the line
/// (`EventDecoder.decodeLine`); `LineOutcome` is the same with the event made whole.
enum DecodedLine {
  case blank
  case event(DecodedEvent, EventNotes)
  case rejection(Rejection)
}
