import ParleyCore
import Testing

@testable import ParleyExchange

@Suite struct JSONElementStreamTests {
    /// The elements of `text` fed in chunks of `size` bytes (all at once when nil), as strings.
    static func elements(
        _ text: String, chunkSize size: Int? = nil, collectsElements: Bool = true
    ) throws -> (elements: [String], count: Int) {
        try elements(Array(text.utf8), chunkSize: size, collectsElements: collectsElements)
    }

    static func elements(
        _ bytes: [UInt8], chunkSize size: Int? = nil, collectsElements: Bool = true
    ) throws -> (elements: [String], count: Int) {
        var stream = JSONElementStream(collectsElements: collectsElements)
        var found: [String] = []
        let collect = { (element: [UInt8]) in found.append(String(decoding: element, as: UTF8.self)) }
        let step = max(size ?? bytes.count, 1)
        var start = 0
        while start < bytes.count {
            let chunk = Array(bytes[start..<min(start + step, bytes.count)])
            try chunk.withUnsafeBytes { try stream.feed($0, element: collect) }
            start += step
        }
        try stream.finish(element: collect)
        return (found, stream.elementCount)
    }

    static func failure(_ text: String, chunkSize: Int? = nil) -> JSONStreamFailure? {
        failure(Array(text.utf8), chunkSize: chunkSize)
    }

    static func failure(_ bytes: [UInt8], chunkSize: Int? = nil) -> JSONStreamFailure? {
        do {
            _ = try elements(bytes, chunkSize: chunkSize)
            return nil
        } catch {
            return error as? JSONStreamFailure
        }
    }

    @Test func handsOutEachElementOfATopLevelArray() throws {
        let result = try Self.elements(#" [ {"a": [1, {"b": "]}"}]}, [2] ,"s\"x\\", -3.5e2, true, null ] "#)
        #expect(result.elements == [#"{"a": [1, {"b": "]}"}]}"#, "[2]", #""s\"x\\""#, "-3.5e2", "true", "null"])
        #expect(result.count == 6)
        #expect(try Self.elements("[]").count == 0)
    }

    @Test func handsOutTheConversationsOfAWrappingObjectAndSkipsTheRest() throws {
        let parley = #"""
            {"format": "parley", "version": 1, "meta": {"conversations": [9, 9]}, "list": ["conversations"],
             "conversations": [{"id": "a"}, {"id": "b", "conversations": [1]}],
             "after": {"big": [1, 2, 3], "text": "}]"}, "n": 5}
            """#
        let result = try Self.elements(parley)
        #expect(result.elements == [#"{"id": "a"}"#, #"{"id": "b", "conversations": [1]}"#])
        #expect(result.count == 2)
        let first = try Self.elements(#"{"conversations": [[1], "x"], "other": {"conversations": 4}}"#)
        #expect(first.elements == ["[1]", #""x""#])
        #expect(try Self.elements(#"{"conversations": []}"#).count == 0)
        let escapedNames = try Self.elements(#"{"a\"b": 1, "conversation\u0073": [1], "conversations": [2]}"#)
        #expect(escapedNames.elements == ["2"])
    }

    @Test func handsOutASingleObjectWhole() throws {
        let chat = #"{"title": "One chat", "mapping": {"a": {"parent": null}}, "n": 1}"#
        #expect(try Self.elements(chat).elements == [chat])
        let notAnArray = #"{"conversations": {"a": 1}, "title": "x"}"#
        #expect(try Self.elements(notAnArray).elements == [notAnArray])
        #expect(try Self.elements("\u{FEFF}{}\n").elements == ["{}"])
    }

    @Test func givesTheSameElementsHoweverTheBytesAreSplit() throws {
        let document =
            "\u{FEFF}" + #" {"meta": "x\\\"y", "conversations": [{"t": "a\\\\\"b\u00e9", "n": [1, 2.5, {"k": "]"}]}, "#
            + #"{"emoji": "😀 \\ \" ", "deep": [[[[]]]]}, 17, "s"], "tail": "}"} "#
        let bytes = Array(document.utf8)
        let whole = try Self.elements(bytes)
        #expect(whole.count == 4)
        #expect(whole.elements.last == #""s""#)
        for size in [1, 2, 3, 7, 64] {
            #expect(try Self.elements(bytes, chunkSize: size).elements == whole.elements, "chunks of \(size)")
        }
        for cut in 1..<bytes.count {
            var stream = JSONElementStream()
            var found: [String] = []
            let collect = { (element: [UInt8]) in found.append(String(decoding: element, as: UTF8.self)) }
            try Array(bytes[..<cut]).withUnsafeBytes { try stream.feed($0, element: collect) }
            try Array(bytes[cut...]).withUnsafeBytes { try stream.feed($0, element: collect) }
            try stream.finish(element: collect)
            #expect(found == whole.elements, "split at byte \(cut)")
        }
        let counted = try Self.elements(bytes, chunkSize: 7, collectsElements: false)
        #expect(counted.elements.isEmpty)
        #expect(counted.count == 4)
    }

    @Test func refusesATruncatedDocumentWhereverItEnds() throws {
        let document = #"[{"a": "b\"c", "d": [1, {"e": null}]}, {"f": 2}]"#
        let bytes = Array(document.utf8)
        for length in 1..<bytes.count {
            let failure = try #require(Self.failure(Array(bytes[..<length])), "cut at \(length)")
            #expect(failure.problem.hasPrefix("the file ends early (truncated?)"), "cut at \(length)")
            #expect(failure.offset == length)
        }
        #expect(Self.failure(#"[{"a": "unfinished"#)?.problem.contains("inside a string") == true)
        #expect(
            Self.failure(#"{"conversations": [{"a": 1}"#)?.problem.contains("2 arrays or objects still open") == true)
        #expect(Self.failure(#"{"single": {"#, chunkSize: 3)?.description.contains("at byte offset 12") == true)
    }

    @Test func refusesTextAfterTheDocument() {
        #expect(
            Self.failure("[1] x") == JSONStreamFailure(offset: 4, problem: "unexpected text after the document: 'x'"))
        #expect(Self.failure(#"{"a": 1}{"b": 2}"#)?.offset == 8)
        #expect(Self.failure("[] ]", chunkSize: 1)?.offset == 3)
    }

    @Test func refusesMismatchedBracketsAndBrokenSeparators() {
        #expect(Self.failure(#"[{"a": 1]]"#)?.offset == 8)
        #expect(Self.failure(#"[{"a": 1}}"#)?.problem.hasPrefix("mismatched bracket") == true)
        #expect(Self.failure("[1,]")?.offset == 3)
        #expect(Self.failure("[,1]")?.offset == 1)
        #expect(Self.failure("[1 2]")?.offset == 3)
        #expect(Self.failure(#"[{"a": 1} {"b": 2}]"#)?.offset == 10)
        #expect(Self.failure(#"{"a" 1}"#)?.offset == 5)
        #expect(Self.failure(#"{1: 2}"#)?.problem == "expected a member name in quotes")
        #expect(Self.failure(#"{"conversations": [1, , 2]}"#)?.offset == 22)
        #expect(Self.failure(#"{"a": 1, }"#)?.offset == 9)
    }

    @Test func refusesNestingDeeperThanTheParserAllows() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try Self.elements(deepest).count == 1)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let failure = try #require(Self.failure(tooDeep, chunkSize: 100))
        #expect(failure.offset == 512)
        #expect(failure.problem.contains("deeper than 512"))
    }

    @Test func refusesAnEmptyFileAndATopLevelThatIsNoContainer() {
        let empty = "the file is empty: expected a JSON array or object"
        #expect(Self.failure("") == JSONStreamFailure(offset: 0, problem: empty))
        #expect(Self.failure(" \n\t ") == JSONStreamFailure(offset: 4, problem: empty))
        #expect(Self.failure("\u{FEFF}")?.problem == empty)
        #expect(Self.failure(#""text""#)?.offset == 0)
        #expect(Self.failure("  42")?.problem == "expected '[' or '{' to start the document, found '4'")
        #expect(Self.failure([0xEF, 0xBB, 0x5B, 0x5D])?.offset == 2)
        #expect(Self.failure([0x20, 0xEF, 0xBB, 0xBF, 0x5B, 0x5D])?.offset == 1)
    }

    @Test func countsTheElementsOfALargeDocument() throws {
        var document = "[\n"
        for index in 0..<10_000 {
            if index > 0 { document += ",\n" }
            document += #"{"id": "c\#(index)", "mapping": {"n": {"text": "x\"]}\\"}}}"#
        }
        document += "\n]"
        let counted = try Self.elements(document, chunkSize: 1 << 12, collectsElements: false)
        #expect(counted.count == 10_000)
        #expect(counted.elements.isEmpty)
        let collected = try Self.elements(document, chunkSize: 1000)
        #expect(collected.count == 10_000)
        let last = try JSONParser.parse(Array(try #require(collected.elements.last).utf8))
        #expect(last["id"] == "c9999")
    }
}
