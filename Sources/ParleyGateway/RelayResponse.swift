import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyDeepSeek

/// Answers a frontend from an upstream call running in a task: as server-sent events relayed as they arrive,
/// or as one body once the call is done. A failure before anything arrived keeps its own HTTP status; a
/// frontend that goes away stops the call.
struct RelayResponse<Outcome: Sendable> {
    let relay: EventRelay
    let task: Task<Outcome, any Error>
    /// Stops the upstream call (the frontend went away).
    let stop: @Sendable () -> Void
    /// Headers that say where the answer is stored.
    var headers: HTTPFields = [:]
    /// Whether the frontend asked for the usage chunk.
    var includeUsage = false

    /// The whole response for a call that ended well.
    typealias Whole = @Sendable (Outcome, EventRelay.Summary) throws -> Response
    /// The error to end a stream with for a call that ended without an answer.
    typealias Shortfall = @Sendable (Outcome) -> OpenAIError?

    /// A whole JSON body, once the call is done; the call is stopped when the frontend closes its connection.
    func whole(for request: Request, _ build: Whole) async -> Response {
        let stop = stop
        let result: Result<Outcome, any Error>
        do {
            result = try await request.body.consumeWithInboundCloseHandler(
                { _ in await task.result }, onInboundClosed: { stop() })
        } catch {
            stop()
            result = await task.result
        }
        do {
            var response = try build(try result.get(), relay.summary)
            for field in headers { response.headers.append(field) }
            // Watching for the client's close reads the connection to its end, so Hummingbird closes it after
            // this response; said here, a client does not send its next request on it as it closes.
            response.headers[.connection] = "close"
            return response
        } catch {
            var response = OpenAIError.from(error).response
            response.headers[.connection] = "close"
            return response
        }
    }

    /// Server-sent events as the API sends them, then `data: [DONE]`; a call that fails before its first event
    /// is answered with its error instead.
    func streamed(shortfall: @escaping Shortfall) async -> Response {
        await relay.started()
        if relay.isQuiet {
            switch await task.result {
            case let .failure(error): return OpenAIError.from(error).response
            case let .success(outcome):
                if let error = shortfall(outcome) { return error.response }
            }
        }
        var fields = headers
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache"
        let relay = relay
        let task = task
        let stop = stop
        let includeUsage = includeUsage
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody { writer in
                do {
                    var first = true
                    while let next = await relay.next() {
                        var batch = next.events
                        if !next.waited, !first {
                            // Behind: one turn of the executor for the events on their way (other streams'
                            // among them), so a busy daemon writes them together.
                            await Task.yield()
                            batch += relay.ready()
                        }
                        var buffer = ByteBuffer()
                        for delta in batch {
                            if let comment = delta.comment {
                                buffer.writeString(":\(comment)\n\n")
                            } else if let chunk = delta.chunk, includeUsage || !EventRelay.isUsageOnly(delta) {
                                buffer.writeString("data: \(chunk)\n\n")
                            }
                        }
                        if buffer.readableBytes > 0 { try await writer.write(buffer) }
                        first = false
                    }
                    let ending: OpenAIError? =
                        switch await task.result {
                        case let .success(outcome): shortfall(outcome)
                        case let .failure(error): OpenAIError.from(error)
                        }
                    if let ending {
                        let body = (try? JSONStreamEncoder.encodeBytes(ending.body)) ?? []
                        try await writer.write(ByteBuffer(string: "data: \(String(decoding: body, as: UTF8.self))\n\n"))
                    } else {
                        try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                    }
                    try await writer.finish(nil)
                } catch {
                    stop()
                    while await relay.next() != nil {}
                    _ = await task.result
                    throw error
                }
            })
    }
}
