/// Whether the model thinks before answering; the API's `thinking: {"type": …}`. Enabled unless disabled.
public enum ThinkingMode: String, Sendable, Hashable, Codable, CaseIterable {
    case enabled, disabled

    private enum CodingKeys: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .type)
        guard let mode = ThinkingMode(rawValue: text) else {
            throw ParleyError.invalidValue(
                field: "settings.thinking.type", value: text, rule: "must be one of enabled, disabled")
        }
        self = mode
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rawValue, forKey: .type)
    }
}
