import ParleyDeepSeek
import Testing

@Suite struct ServerSentEventParserTests {
    private let stream =
        ": keep-alive\n\ndata: {\"a\":1}\n\ndata: first\r\ndata: second\r\n\r\nevent: ignored\nid: 7\ndata:no space\r\rdata: ünïcödé 你好\n\ndata: [DONE]\n\n"
    private let expected: [ServerSentEvent] = [
        .comment("keep-alive"), .data("{\"a\":1}"), .data("first\nsecond"), .data("no space"), .data("ünïcödé 你好"),
        .data("[DONE]"),
    ]

    @Test func readsEventsCommentsAndEveryLineEnding() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(Array(stream.utf8)) == expected)
        #expect(parser.finish() == nil)
    }

    /// The same events whatever the chunk boundaries, even inside a line ending or a UTF-8 character.
    @Test(arguments: [1, 2, 3, 5, 7, 13]) func chunkBoundariesDoNotMatter(size: Int) throws {
        var parser = ServerSentEventParser()
        let bytes = Array(stream.utf8)
        var events: [ServerSentEvent] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            events += try parser.feed(bytes[start..<min(start + size, bytes.count)])
        }
        #expect(events == expected)
    }

    @Test func anEventWithoutItsBlankLineIsFinishedAtTheEnd() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(Array("data: partial".utf8)).isEmpty)
        #expect(parser.finish() == .data("partial"))
    }

    @Test func aLineOverTheLimitIsRefused() {
        var parser = ServerSentEventParser(maximumLineBytes: 16)
        #expect(throws: DeepSeekError.malformed("a stream line is longer than 16 bytes")) {
            try parser.feed(Array(String(repeating: "x", count: 40).utf8))
        }
    }
}
