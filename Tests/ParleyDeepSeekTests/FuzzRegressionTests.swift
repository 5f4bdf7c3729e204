import Foundation
import ParleyCore
import ParleyDeepSeek
import ParleyTestSupport
import Testing

/// Every stream that once crashed the SSE parser or the chunk reader (Fuzz/Regressions/FuzzSSE) is read to the
/// end: each event is applied or refused as malformed, and nothing traps.
@Suite struct StreamFuzzRegressionTests {
    @Test func everyStreamTheFuzzerKeptIsReadOrRefused() throws {
        for (name, bytes) in try FuzzRegressions.inputs(of: "FuzzSSE") {
            var parser = ServerSentEventParser()
            var accumulator = CompletionAccumulator()
            var events = (try? parser.feed(bytes)) ?? []
            if let last = parser.finish() { events.append(last) }
            var refused = 0
            for case let .data(text) in events where text != "[DONE]" {
                do {
                    _ = try accumulator.apply(chunk: text)
                } catch {
                    refused += 1
                }
            }
            #expect(refused > 0, "\(name) holds a chunk that is not what the API sends, and it was refused")
        }
    }
}
