import Foundation
import Testing

@testable import ParleyCore

/// A small seeded generator (SplitMix64) so property tests can be replayed from the seed they print.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON values, including awkward strings (quotes, escapes, emoji, CJK, NUL) and extreme numbers.
enum RandomJSON {
    static let awkwardStrings = ["", "\"quoted\"", "back\\slash", "line\nbreak\ttab", "emoji 👩‍💻", "中文 テキスト",
        "nul\u{0}char", "</script>", "café", "\u{7F}"]

    static func value(depth: Int = 0, using rng: inout SeededGenerator) -> JSONValue {
        let choice = Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 3:
            let exponent = Double(Int.random(in: -300...300, using: &rng))
            return .double(Double.random(in: -1...1, using: &rng) * pow(10, exponent))
        case 4: return .string(string(using: &rng))
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth + 1, using: &rng) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                object[string(using: &rng)] = value(depth: depth + 1, using: &rng)
            }
            return .object(object)
        }
    }

    static func string(using rng: inout SeededGenerator) -> String {
        if Bool.random(using: &rng) { return awkwardStrings.randomElement(using: &rng)! }
        let scalars = (0..<Int.random(in: 0...12, using: &rng)).compactMap { _ in
            Unicode.Scalar(UInt32.random(in: 0x20...0x9FFF, using: &rng)).flatMap { (0xD800...0xDFFF).contains($0.value) ? nil : $0 }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A content-parts array like the API's, with random extra fields.
    static func parts(using rng: inout SeededGenerator) -> [JSONValue] {
        (0..<Int.random(in: 1...4, using: &rng)).map { _ in
            var part: [String: JSONValue] = ["type": .string(Bool.random(using: &rng) ? "text" : "image_url")]
            part["text"] = .string(string(using: &rng))
            part["extra"] = value(using: &rng)
            return .object(part)
        }
    }
}

@Suite struct JSONRoundTripTests {
    @Test func randomJSONSurvivesEncodingAndDecoding() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let value = RandomJSON.value(using: &rng)
            let text = try JSONCoding.encode(value)
            let decoded = try JSONCoding.decode(JSONValue.self, from: text)
            #expect(decoded == value, "seed \(seed): \(text)")
            let reencoded = try JSONCoding.encode(decoded)
            let again = try JSONCoding.decode(JSONValue.self, from: reencoded)
            #expect(try JSONCoding.encode(again) == reencoded, "seed \(seed): encoding is not stable")
        }
    }

    @Test func messageContentKeepsStringsAndPartsApart() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let parts = MessageContent.parts(RandomJSON.parts(using: &rng))
            #expect(try JSONCoding.decode(MessageContent.self, from: try JSONCoding.encode(parts)) == parts)
            let text = MessageContent.text(RandomJSON.string(using: &rng))
            #expect(try JSONCoding.decode(MessageContent.self, from: try JSONCoding.encode(text)) == text)
        }
    }

    @Test func integersAndEqualDoublesAreOneValue() throws {
        #expect(JSONValue.integer(1) == JSONValue.double(1.0))
        #expect(try JSONCoding.decode(JSONValue.self, from: "1.0") == .integer(1))
        #expect(try JSONCoding.decode(JSONValue.self, from: "1.5") == .double(1.5))
        #expect(try JSONCoding.decode(JSONValue.self, from: "true") == .bool(true))
        #expect(try JSONCoding.decode(JSONValue.self, from: "1") != .bool(true))
    }

    @Test func partsMustBeTypedObjects() {
        #expect(throws: ParleyError.self) { try MessageContent.parts([]).validate() }
        #expect(throws: ParleyError.self) { try MessageContent.parts([.string("text")]).validate() }
        #expect(throws: ParleyError.self) { try MessageContent.parts([.object(["text": .string("x")])]).validate() }
        #expect(throws: Never.self) { try MessageContent.parts([.object(["type": .string("text")])]).validate() }
    }

    @Test func searchableTextJoinsTextParts() {
        let content = MessageContent.parts([
            .object(["type": .string("text"), "text": .string("first")]),
            .object(["type": .string("image_url"), "image_url": .object(["url": .string("https://x/y.png")])]),
            .object(["type": .string("text"), "text": .string("second")]),
        ])
        #expect(content.searchableText == "first\nsecond")
    }
}
