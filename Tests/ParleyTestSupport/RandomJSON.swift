import Foundation
import ParleyCore

/// Random JSON values, including awkward strings (quotes, escapes, emoji, CJK, NUL) and extreme numbers.
public enum RandomJSON {
    public static let awkwardStrings = [
        "", "\"quoted\"", "back\\slash", "line\nbreak\ttab", "emoji 👩‍💻", "中文 テキスト",
        "nul\u{0}char", "</script>", "café", "\u{7F}",
    ]

    public static func value(depth: Int = 0, using rng: inout SeededGenerator) -> JSONValue {
        let choice = Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 3:
            let exponent = Double(Int.random(in: -300...300, using: &rng))
            return .double(Double.random(in: -1...1, using: &rng) * pow(10, exponent))
        case 4: return .string(string(using: &rng))
        case 5:
            return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth + 1, using: &rng) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                object[string(using: &rng)] = value(depth: depth + 1, using: &rng)
            }
            return .object(object)
        }
    }

    public static func string(using rng: inout SeededGenerator) -> String {
        if Bool.random(using: &rng) { return awkwardStrings.randomElement(using: &rng)! }
        let scalars = (0..<Int.random(in: 0...12, using: &rng)).compactMap { _ in
            Unicode.Scalar(UInt32.random(in: 0x20...0x9FFF, using: &rng)).flatMap {
                (0xD800...0xDFFF).contains($0.value) ? nil : $0
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A content-parts array like the API's, with random extra fields.
    public static func parts(using rng: inout SeededGenerator) -> [JSONValue] {
        (0..<Int.random(in: 1...4, using: &rng)).map { _ in
            var part: [String: JSONValue] = ["type": .string(Bool.random(using: &rng) ? "text" : "image_url")]
            part["text"] = .string(string(using: &rng))
            part["extra"] = value(using: &rng)
            return .object(part)
        }
    }
}
