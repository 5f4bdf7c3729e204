import Foundation
import FuzzSupport
import ParleyChat
import ParleyCore
import ParleyTestSupport

@testable import ParleyDeepSeek
@testable import ParleyRPC
@testable import ParleyStore

/// A response body from the chat API (or from whatever answers at its address): the `text/event-stream` parser,
/// the chunk decoding behind it, and the non-streamed and error bodies.
///
/// The input is the body. It is fed to `ServerSentEventParser` three ways: whole, one byte at a time, and in
/// chunks cut where a generator seeded from the input says; the events (or the refusal of an overlong line) must
/// be the same each way, since the network cuts a stream anywhere. The events then go through
/// `CompletionAccumulator` as the client's stream reader does (`[DONE]` ends it, the first error stops it, an
/// event left open at the end is applied), and the usage is priced as the daemon prices a call and must be a
/// record the store accepts, since it is stored in one transaction with the answer. The same bytes
/// are also read as a whole JSON answer (`completion(fromBody:)`) and as an error body (`DeepSeekError.api`).

/// Lines longer than this are refused by a second parser, so the limit is reachable by short inputs.
private let shortLineLimit = 64

private let completions = ChatService(configuration: DeepSeekConfiguration(baseURL: "http://127.0.0.1:9"))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let whole = events(of: [bytes[...]], maximumLineBytes: 16 << 20)
    let byteByByte = events(of: bytes.indices.map { bytes[$0...$0] }, maximumLineBytes: 16 << 20)
    let chunked = events(of: randomChunks(bytes), maximumLineBytes: 16 << 20)
    if whole != byteByByte || whole != chunked {
        let cuts = [whole, byteByByte, chunked].map { String(describing: $0) }
        finding("the events depend on where the stream is cut: \(cuts.joined(separator: " / "))")
    }
    let shortWhole = events(of: [bytes[...]], maximumLineBytes: shortLineLimit)
    let shortChunked = events(of: randomChunks(bytes), maximumLineBytes: shortLineLimit)
    if (shortWhole == nil) != (shortChunked == nil) {
        finding("the line limit is enforced only for some cuts: \(String(describing: shortWhole))")
    }
    if let events = whole { accumulate(events) }
    if let completion = try? CompletionAccumulator.completion(fromBody: bytes) {
        price(completion)
    }
    _ = "\(DeepSeekError.api(status: 400, body: Data(bytes)))"
    return 0
}

/// The events of a stream delivered in `chunks`, with the one `finish()` returns at its end; nil when the parser
/// refused the stream.
private func events(of chunks: [ArraySlice<UInt8>], maximumLineBytes: Int) -> [ServerSentEvent]? {
    var parser = ServerSentEventParser(maximumLineBytes: maximumLineBytes)
    var events: [ServerSentEvent] = []
    do {
        for chunk in chunks { events += try parser.feed(chunk) }
    } catch {
        return nil
    }
    if let last = parser.finish() { events.append(last) }
    return events
}

/// `bytes` cut into chunks of 1 to 64 bytes, the cuts drawn from a generator seeded with the input's hash.
private func randomChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var seed: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01B3 }
    var generator = SeededGenerator(seed: seed)
    var chunks: [ArraySlice<UInt8>] = []
    var offset = 0
    while offset < bytes.count {
        let length = min(Int(generator.next() % 64) + 1, bytes.count - offset)
        chunks.append(bytes[offset..<(offset + length)])
        offset += length
    }
    return chunks
}

/// The client's stream reader: data events until `[DONE]`, each applied to the accumulator, the first error
/// ending the stream; the completion so far is what the daemon stores, as a message or a draft.
private func accumulate(_ events: [ServerSentEvent]) {
    var accumulator = CompletionAccumulator()
    var deltas: [ChatDelta] = []
    for event in events {
        guard case .data(let text) = event else { continue }
        if text == "[DONE]" { break }
        do {
            if let delta = try accumulator.apply(chunk: text) { deltas.append(delta) }
        } catch {
            _ = "\(error)"
            break
        }
    }
    for delta in deltas {
        if let calls = delta.toolCalls, (try? JSONStreamEncoder.encodeBytes(calls)) == nil {
            finding("a delta's tool calls do not encode: \(calls)")
        }
    }
    price(accumulator.completion)
}

/// What the daemon does with an answer's usage: price it with the default table unless the provider did, and make
/// the usage record it stores. The tool calls must encode, since they are stored as JSON.
private func price(_ completion: ChatCompletion) {
    if let calls = completion.toolCalls, (try? JSONStreamEncoder.encodeBytes(calls)) == nil {
        finding("the completion's tool calls do not encode: \(calls)")
    }
    guard let usage = completion.usage else { return }
    // The daemon prices with the model the answer names when it is a valid model name
    // (`ChatRun.reportedModel`), else with the one it asked for.
    let reported = completion.model.flatMap { try? FieldRules.model($0) }
    for model in ["deepseek-v4-flash", reported ?? "deepseek-v4-flash"] {
        let record = completions.newUsage(
            usage, model: model, conversationID: nil, requestID: completion.id, latencyMilliseconds: 812)
        // The store validates the record before the transaction that also stores the answer: a record it refuses
        // loses the whole answer.
        do {
            _ = try UsageWriter(validating: record)
        } catch {
            finding("the store refuses the usage the daemon made of this answer (\(usage)): \(error)")
        }
    }
}
