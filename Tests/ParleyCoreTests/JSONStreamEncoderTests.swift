import Foundation
import ParleyTestSupport
import Testing

@testable import ParleyCore

@Suite struct JSONStreamEncoderTests {
    private struct Inner: Encodable {
        var name: String
        var tags: [String]
        var score: Double?
    }

    private struct Outer: Encodable {
        var id: Int
        var flag: Bool
        var text: String
        var missing: String?
        var inner: Inner
        var list: [Inner]
        var optionals: [Int?]
        var value: JSONValue
        var nested: [String: [Int]]
    }

    /// Fixed-width numbers, which reach the writer through the standard library's default overloads.
    private struct Narrow: Encodable {
        var small: Int8
        var unsigned: UInt16
        var single: Float
        var bytes: [UInt8]
        var halves: [Float]
    }

    /// Writes explicit nulls and nested containers by hand, as the API payloads do.
    private struct HandWritten: Encodable {
        enum Keys: String, CodingKey { case first, second, third, fourth }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encodeNil(forKey: .first)
            var list = container.nestedUnkeyedContainer(forKey: .second)
            try list.encode(1)
            try list.encode("two")
            var object = list.nestedContainer(keyedBy: Keys.self)
            try object.encode(true, forKey: .first)
            try container.encode(Int64.min, forKey: .third)
            try container.encode(UInt64.max, forKey: .fourth)
        }
    }

    private static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    private func same(_ value: some Encodable) throws {
        let streamed = try JSONStreamEncoder.encode(value)
        let reference = try Self.foundation.encode(value)
        #expect(try JSONParser.parse(streamed) == JSONParser.parse(reference))
    }

    @Test func matchesFoundationForNestedStructures() throws {
        let inner = Inner(name: "a/b \"quoted\" \\ back", tags: ["x", "", "ü 中文 🙂"], score: 0.25)
        try same(
            Outer(
                id: -42, flag: true, text: "line\nbreak\ttab\u{1}\u{1f}\r\u{8}\u{c}", missing: nil, inner: inner,
                list: [inner, Inner(name: "", tags: [], score: nil)], optionals: [1, nil, 3],
                value: ["k": [1, 2.5, "s", nil, true, ["deep": []]]], nested: ["one": [1], "none": []]))
        try same(HandWritten())
        try same([String: Int]())
        try same([Int]())
        try same("just a string")
        try same(1e300)
        try same(-0.000001)
        try same(Narrow(small: -8, unsigned: 65_535, single: 1.5, bytes: [0, 255], halves: [0.5]))
        try same(Int8.min)
        try same(UInt32.max)
        try same(Float(0.25))
    }

    @Test func writesMembersInOrderWithExactEscapes() throws {
        let text = String(decoding: try JSONStreamEncoder.encode(HandWritten()), as: UTF8.self)
        #expect(
            text == #"{"first":null,"second":[1,"two",{"first":true}],"third":-9223372036854775808,"#
                + #""fourth":18446744073709551615}"#)
        let escaped = String(decoding: try JSONStreamEncoder.encode("a\"b\\c/d\n\u{0}é"), as: UTF8.self)
        #expect(escaped == #""a\"b\\c/d\n\u0000é""#)
    }

    @Test func leavesOutNilOptionalsLikeFoundation() throws {
        let text = String(
            decoding: try JSONStreamEncoder.encode(Inner(name: "n", tags: [], score: nil)), as: UTF8.self)
        #expect(text == #"{"name":"n","tags":[]}"#)
    }

    @Test func refusesNumbersJSONCannotHold() {
        #expect(throws: EncodingError.self) { try JSONStreamEncoder.encode(Double.nan) }
        #expect(throws: EncodingError.self) { try JSONStreamEncoder.encode([Double.infinity]) }
    }

    @Test func seededRandomValuesRoundTripThroughTheParser() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let value = RandomJSON.value(using: &generator)
            #expect(try JSONParser.parse(JSONStreamEncoder.encode(value)) == value)
        }
    }
}
