/// The API's `stop`: one string, or a list of strings.
public enum StopSequences: Sendable, Hashable, Codable {
    case single(String)
    case multiple([String])

    /// The API accepts at most this many stop sequences.
    public static let maximumCount = 16

    public var sequences: [String] {
        switch self {
        case let .single(sequence): [sequence]
        case let .multiple(sequences): sequences
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            self = .single(single)
        } else {
            self = .multiple(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .single(sequence): try container.encode(sequence)
        case let .multiple(sequences): try container.encode(sequences)
        }
    }
}
