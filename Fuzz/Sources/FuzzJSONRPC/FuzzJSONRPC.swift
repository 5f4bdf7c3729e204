import Foundation
import FuzzSupport
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyRPC
import ParleyStore

/// JSON-RPC lines as a client sends them to the daemon: the line parser (`JSONParser`) and the dispatcher behind
/// it (`handleImmediately`, then `handle` when the line needs a task, as the daemon's connection does), over a
/// real store in a scratch folder.
///
/// An input is one or more lines separated by `\n`, served in order on one session, so a `subscribe` sees the
/// events of the lines after it. Generated ids cannot be guessed, so `$C`, `$M`, `$A` and `$D` in an input stand
/// for a conversation, its user message, its assistant message and a draft that exist in the store.
///
/// Every reply must be JSON-RPC: valid JSON, `"jsonrpc":"2.0"`, a result or an error, the request's id; nothing
/// is answered for a notification; an immediate answer equals the one `handle` gives; every event sent to a
/// subscriber is valid JSON. An internal error (-32603) or a storage error (-32006) is a finding too: on a
/// healthy store, input the validation lets through must not break SQL or encoding.
///
/// Nothing may leave the scratch folder: lines calling `sync.*` (which writes to a target folder), `chat.*` or
/// `fim.*` (which call the API) are skipped whole, and the API client points at a closed local port with no key.

/// How many inputs one store serves before it is closed and a fresh one opened, so the store (and the time each
/// input takes) stays small over a long run.
private let inputsPerStore = 5_000

/// Lines whose method starts with one of these are never served.
private let skippedMethodPrefixes = ["sync.", "chat.", "fim."]

/// The store, the dispatcher and the ids the placeholders stand for; replaced every ``inputsPerStore`` inputs.
private final class Harness: @unchecked Sendable {
    let folder: ScratchFolder
    let store: ParleyStore
    let dispatcher: RPCDispatcher
    /// Placeholder bytes and the id each one becomes.
    let substitutions: [([UInt8], [UInt8])]

    init() {
        folder = ScratchFolder(prefix: "parley-fuzz-rpc-")
        let store: ParleyStore
        do {
            store = try ParleyStore.open(path: folder.file("parley.sqlite"))
        } catch {
            fatalError("cannot open a scratch store: \(error)")
        }
        self.store = store
        var configuration = RPCConfiguration()
        // Small limits, so the limit paths are reachable by short inputs.
        configuration.maximumBatchSize = 8
        configuration.maximumSubscriptionsPerConnection = 4
        configuration.subscriberBufferEvents = 16
        configuration.socketPath = folder.file("parley.sock")
        let api = DeepSeekConfiguration(baseURL: "http://127.0.0.1:9", apiKey: nil)
        dispatcher = RPCDispatcher(
            store: store, configuration: configuration, completions: ChatService(configuration: api))
        substitutions = runBlocking { await Self.seed(store) }
    }

    /// A conversation with a user and an assistant message, a draft and a usage record, as a client leaves them.
    private static func seed(_ store: ParleyStore) async -> [([UInt8], [UInt8])] {
        do {
            let conversation = try await store.conversations.create(
                NewConversation(title: "Rust lifetimes", tags: ["rust", "work"], system: "Be brief."))
            let question = try await store.messages.append(
                NewMessage(
                    conversationID: conversation.id, role: .user, content: .text("Why does 'a outlive 'b here?")))
            let answer = try await store.messages.append(
                NewMessage(
                    conversationID: conversation.id, role: .assistant,
                    content: .text("Because the borrow checker needs `'a: 'b`."), model: "deepseek-v4-flash"))
            let draft = try await store.drafts.save(
                DraftSave(conversationID: conversation.id, kind: .composer, content: "and what about 'static"))
            _ = try await store.usage.record(
                NewUsage(
                    model: "deepseek-v4-flash", promptTokens: 120, completionTokens: 40, cost: "0.0000284",
                    conversationID: conversation.id, messageID: answer.id))
            return [
                (Array("$C".utf8), Array(conversation.id.rawValue.utf8)),
                (Array("$M".utf8), Array(question.id.rawValue.utf8)),
                (Array("$A".utf8), Array(answer.id.rawValue.utf8)),
                (Array("$D".utf8), Array(draft.id.rawValue.utf8)),
            ]
        } catch {
            fatalError("cannot seed the scratch store: \(error)")
        }
    }

    func close() {
        try? store.close()
        folder.remove()
    }
}

/// libFuzzer calls the target from one thread, one input at a time.
private nonisolated(unsafe) var harness: Harness?
private nonisolated(unsafe) var inputsServed = 0
private nonisolated(unsafe) var sessionNumber = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    if lines.contains(where: callsSkippedMethod) { return 0 }
    if inputsServed % inputsPerStore == 0 {
        harness?.close()
        harness = Harness()
    }
    inputsServed += 1
    guard let current = harness else { return 0 }
    let substituted = lines.map { substitute($0, current.substitutions) }
    sessionNumber += 1
    let number = sessionNumber
    runBlocking { await serve(substituted, on: current.dispatcher, session: number) }
    return 0
}

/// Serves the lines in order on one new session, as one connection would, checking every reply and event.
private func serve(_ lines: [[UInt8]], on dispatcher: RPCDispatcher, session number: Int) async {
    let session = dispatcher.openSession(number: number)
    for line in lines {
        let data = Data(line)
        // What the connection does with a line while an earlier one still runs: only `chat.cancel` may overtake,
        // and everything else must wait for a task.
        if case let .answered(reply) = dispatcher.handleImmediately(line: data, session: session, unorderedOnly: true) {
            check(reply, for: line, immediate: true)
        }
        switch dispatcher.handleImmediately(line: data, session: session) {
        case let .answered(reply):
            check(reply, for: line, immediate: true)
            // Immediate methods only read, so serving the line again through a task must give the same answer.
            let again = await dispatcher.handle(line: data, session: session)
            if decoded(reply) != decoded(again) {
                finding(
                    "handleImmediately and handle answer differently: \(text(reply)) vs \(text(again)) "
                        + "for \(text(line))")
            }
        case .needsTask:
            check(await dispatcher.handle(line: data, session: session), for: line, immediate: false)
        }
    }
    dispatcher.closeSession(session)
    for await event in session.outbox.lines {
        guard case .object(let object)? = decoded(event), object["jsonrpc"] == .string("2.0"),
            object["id"] == nil, object["method"] != nil
        else { finding("an event is not a JSON-RPC notification: \(text(event))") }
    }
}

/// Checks one reply against the line it answers.
private func check(_ reply: Data?, for line: [UInt8], immediate: Bool) {
    let request = try? JSONParser.parse(line)
    guard let reply else {
        if !isNotificationOnly(request) { finding("no reply to a line that needs one: \(text(line))") }
        return
    }
    guard let answer = decoded(reply) else { finding("the reply is not JSON: \(text(reply))") }
    switch answer {
    case .array(let replies):
        guard case .array(let requests)? = request, !replies.isEmpty, replies.count <= requests.count else {
            finding("a batch reply to a line that is no batch, or too long: \(text(reply)) for \(text(line))")
        }
        for member in replies { checkResponse(member, request: nil, reply: reply, line: line) }
    default:
        if case .array(let requests)? = request, !requests.isEmpty, requests.count <= 8 {
            finding("a batch got a single reply: \(text(reply)) for \(text(line))")
        }
        checkResponse(answer, request: request, reply: reply, line: line)
    }
}

/// One response object: `"jsonrpc":"2.0"`, an id, exactly one of result and error, the request's id when it had
/// a string or integer one, and no internal or storage error.
private func checkResponse(_ response: JSONValue, request: JSONValue?, reply: Data, line: [UInt8]) {
    guard case .object(let object) = response, object["jsonrpc"] == .string("2.0"), let id = object["id"],
        (object["result"] == nil) != (object["error"] == nil)
    else { finding("not a JSON-RPC response: \(text(reply)) for \(text(line))") }
    if case .object(let fields)? = request, let sent = fields["id"] {
        switch sent {
        case .string, .integer:
            if id != sent { finding("the reply's id \(id) is not the request's \(sent): \(text(line))") }
        default:
            break
        }
    }
    if case .object(let error)? = object["error"] {
        guard case .integer(let code)? = error["code"], case .string? = error["message"] else {
            finding("an error without an integer code and a message: \(text(reply))")
        }
        if code == -32603 || code == -32006 {
            finding(
                "error \(code) for a line the store should have refused or served: \(text(reply)) for \(text(line))")
        }
    }
}

/// True when the line is a request without `id` (or a batch of only such requests): the one case with no reply.
private func isNotificationOnly(_ request: JSONValue?) -> Bool {
    func isNotification(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value else { return false }
        return object["id"] == nil
    }
    switch request {
    case .array(let members)?: return !members.isEmpty && members.allSatisfy(isNotification)
    case let value?: return isNotification(value)
    case nil: return false
    }
}

/// Whether any request in the line calls a method the fuzzer must not run.
private func callsSkippedMethod(_ line: [UInt8]) -> Bool {
    guard let value = try? JSONParser.parse(line) else { return false }
    func skipped(_ request: JSONValue) -> Bool {
        guard case .string(let method)? = request["method"] else { return false }
        return skippedMethodPrefixes.contains { method.hasPrefix($0) }
    }
    if case .array(let members) = value { return members.contains(where: skipped) }
    return skipped(value)
}

/// `line` with every placeholder replaced by the id it stands for.
private func substitute(_ line: [UInt8], _ substitutions: [([UInt8], [UInt8])]) -> [UInt8] {
    guard line.contains(UInt8(ascii: "$")) else { return line }
    var result: [UInt8] = []
    result.reserveCapacity(line.count)
    var index = 0
    outer: while index < line.count {
        for (placeholder, id) in substitutions where line[index...].starts(with: placeholder) {
            result += id
            index += placeholder.count
            continue outer
        }
        result.append(line[index])
        index += 1
    }
    return result
}

private func decoded(_ data: Data?) -> JSONValue? {
    data.flatMap { try? JSONParser.parse($0) }
}

private func text(_ bytes: [UInt8]) -> String {
    let string = String(decoding: bytes, as: UTF8.self)
    return string.count > 600 ? String(string.prefix(600)) + "…" : string
}

private func text(_ data: Data?) -> String {
    guard let data else { return "(no reply)" }
    return text([UInt8](data))
}
