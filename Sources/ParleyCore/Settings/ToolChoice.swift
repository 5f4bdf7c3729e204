/// The API's `tool_choice`: `none`, `auto`, `required`, or one named function.
public enum ToolChoice: Sendable, Hashable, Codable {
    case none
    case auto
    case required
    case function(name: String)
    /// A string that is none of the three modes, kept so validation can name it.
    case unknown(String)

    private struct Named: Codable {
        struct Function: Codable { var name: String }
        var type: String
        var function: Function
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let mode = try? container.decode(String.self) {
            switch mode {
            case "none": self = .none
            case "auto": self = .auto
            case "required": self = .required
            default: self = .unknown(mode)
            }
        } else {
            let named = try container.decode(Named.self)
            guard named.type == "function" else {
                throw ParleyError.invalidValue(
                    field: "settings.tool_choice.type", value: named.type, rule: "must be function")
            }
            self = .function(name: named.function.name)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .none: try container.encode("none")
        case .auto: try container.encode("auto")
        case .required: try container.encode("required")
        case let .unknown(mode): try container.encode(mode)
        case let .function(name): try container.encode(Named(type: "function", function: .init(name: name)))
        }
    }
}
