/// Maps a service to its cost category: the first matching rule wins, case-sensitive; a
/// pattern ending in `*` matches by prefix, any other pattern exactly.
public struct CategoryRules: Sendable, Equatable {
  /// One `pattern → category` rule.
  public struct Rule: Sendable, Equatable {
    public var pattern: String
    public var category: String
    public init(_ pattern: String, _ category: String) {
      self.pattern = pattern
      self.category = category
    }

    func matches(_ service: ByteString) -> Bool {
      if pattern.hasSuffix("*") { return service.bytes.starts(with: pattern.utf8.dropLast()) }
      return service.bytes.elementsEqual(pattern.utf8)
    }
  }

  public var rules: [Rule]
  /// The category when no rule matches.
  public var fallback: String

  public init(rules: [Rule], fallback: String = "other") {
    self.rules = rules
    self.fallback = fallback
  }

  /// The app's mapping: Gemini text, image and TTS; Lambda; S3 storage and operations; SES; SQS.
  public static let standard = CategoryRules(rules: [
    Rule("gemini_text", "ai_text"), Rule("gemini_image", "ai_image"), Rule("gemini_tts", "ai_tts"),
    Rule("lambda_*", "lambda_execution"), Rule("s3_storage", "s3_storage"), Rule("s3_*", "s3_operations"),
    Rule("ses", "email"), Rule("sqs", "sqs"),
  ])

  /// The category of `service`.
  public func category(of service: ByteString) -> String {
    rules.first { $0.matches(service) }?.category ?? fallback
  }
}
