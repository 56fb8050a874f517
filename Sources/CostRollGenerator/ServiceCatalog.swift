/// The app's billable services with their event types, units, unit prices (USD) and typical
/// quantities, as the podcast app's emitter reports them.
public struct ServiceCatalog: Sendable {
  public struct Service: Sendable {
    public var name: String
    public var eventType: String
    public var unit: String
    /// Unit price as the decimal text the emitter uses.
    public var unitPrice: String
    public var quantity: ClosedRange<Int>
    /// Which generated file the service's emitter writes to.
    public var stream: String
  }

  public static let podcastApp: [Service] = [
    Service(
      name: "gemini_text", eventType: "ai_api_call", unit: "tokens", unitPrice: "0.00000075", quantity: 200...6000,
      stream: "ai"),
    Service(
      name: "gemini_image", eventType: "ai_api_call", unit: "images", unitPrice: "0.039", quantity: 1...4, stream: "ai"),
    Service(
      name: "gemini_tts", eventType: "ai_api_call", unit: "tokens", unitPrice: "0.00001", quantity: 500...9000,
      stream: "ai"),
    Service(
      name: "lambda_generate_episode", eventType: "lambda_execution", unit: "gb_seconds", unitPrice: "0.0000166667",
      quantity: 1...900, stream: "infra"),
    Service(
      name: "lambda_render_audio", eventType: "lambda_execution", unit: "gb_seconds", unitPrice: "0.0000166667",
      quantity: 5...1800, stream: "infra"),
    Service(
      name: "s3_put", eventType: "s3_operation", unit: "requests", unitPrice: "0.000005", quantity: 1...20,
      stream: "infra"),
    Service(
      name: "s3_get", eventType: "s3_operation", unit: "requests", unitPrice: "0.0000004", quantity: 1...200,
      stream: "infra"),
    Service(
      name: "s3_storage", eventType: "storage_usage", unit: "mb", unitPrice: "0.0000224609375", quantity: 1...500,
      stream: "infra"),
    Service(name: "ses", eventType: "ses_email", unit: "emails", unitPrice: "0.0001", quantity: 1...3, stream: "infra"),
    Service(
      name: "sqs", eventType: "sqs_message", unit: "requests", unitPrice: "0.0000004", quantity: 1...10, stream: "infra"
    ),
  ]
}
