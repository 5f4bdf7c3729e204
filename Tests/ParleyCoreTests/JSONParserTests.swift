import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

/// The JSON parser reads what Foundation writes, and refuses what RFC 8259 refuses, saying where.
@Suite struct JSONParserTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func readsWhatFoundationWrites(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let value = RandomJSON.value(using: &rng)
            let text = try JSONEncoder().encode(value)
            #expect(try JSONParser.parse(text) == value, "seed \(seed): \(String(decoding: text, as: UTF8.self))")
        }
    }

    @Test func decodesEscapesNumbersAndLiterals() throws {
        let text =
            #" {"a": "\u00e9\ud83d\ude00\n\"\\\/", "b": [true, false, null, -0, 12, 1.5e3, -9223372036854775808]} "#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["a"] == "é😀\n\"\\/")
        #expect(value["b"] == [true, false, nil, 0, 12, 1500.0, .integer(Int64.min)])
        #expect(try JSONParser.parse(Array("18446744073709551616".utf8)) == .double(18_446_744_073_709_551_616))
    }

    @Test(arguments: [
        ("", "ends where a value should start"), ("{\"a\":1,}", "member name"), ("[1,]", "unexpected character"),
        ("01", "cannot start with 0"), ("\"a\u{01}\"", "control character"), ("\"\\ud800\"", "low surrogate"),
        ("\"\\x\"", "unknown escape"), ("[1] 2", "after the value"), ("\"open", "never closed"),
        ("1e999", "out of range"),
        ("tru", "unexpected character"), ("{\"a\" 1}", "expected ':'"),
    ])
    func refusesInvalidText(text: String, problem: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
        do {
            _ = try JSONParser.parse(Array(text.utf8))
        } catch {
            #expect(error.problem.contains(problem), "\(text): \(error)")
        }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser.parse(Array(deep.utf8))
            Issue.record("100,000 nested arrays were accepted")
        } catch {
            #expect(error.problem.contains("nest deeper than 512"))
            #expect(error.offset == 512)
        }
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect((try? JSONParser.parse(Array(allowed.utf8))) != nil)
    }
}
