import Foundation
import ParleyTestSupport
import Testing

@testable import ParleyCore

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
