import Foundation
import HTTPTypes
import Hummingbird
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// `POST /v1/chat/completions`: threads the stateless request into the tree, relays it to DeepSeek through
/// the same ``ChatRun`` as JSON-RPC's `chat.complete`, and answers in OpenAI's shape, plain or streamed.
struct ChatCompletions: Sendable {
    let store: ParleyStore
    let service: ChatService
    let events: any ChatEvents
    let owners: OwnerNumbers

    static let conversationHeader = HTTPField.Name("X-Parley-Conversation-Id")!
    static let messageHeader = HTTPField.Name("X-Parley-Message-Id")!

    func handle(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        let parsed = try ChatCompletionRequest(
            GatewayJSON.object(try await request.collectBody(upTo: context.maxUploadSize)))
        let hints = try ThreadHints(request.headers)
        if let task = SideTask(header: hints.task, prompt: parsed.taskPrompt) {
            return try await SideTaskRelay(store: store, service: service, events: events)
                .handle(task, parsed, hints: hints, request: request, source: context.tokenName)
        }
        if let id = hints.conversationID, !hints.conversationIsDerived { _ = try store.conversations.fetch(id) }
        let placement = try await store.threads.place(
            ThreadRequest(
                messages: parsed.messages, conversationID: hints.conversationID,
                newConversation: NewConversation(model: parsed.model), parentID: hints.parentID,
                turnID: hints.turnID, source: context.tokenName))
        if placement.created { events.created(placement.conversation) }
        for message in placement.appended { events.appended(message) }
        var headers: HTTPFields = [:]
        headers[Self.conversationHeader] = placement.conversation.id.rawValue
        if let replayed = try await replay(placement, hints: hints, source: context.tokenName) {
            headers[Self.messageHeader] = replayed.id.rawValue
            return ReplayedAnswer(message: replayed, model: parsed.model, headers: headers)
                .response(stream: parsed.stream, includeUsage: parsed.includeUsage)
        }
        let answerID = hints.answerID ?? .generate()
        headers[Self.messageHeader] = answerID.rawValue
        let requestID = "gateway-" + EntityID.generate().rawValue
        let relay = EventRelay(forwarding: parsed.stream)
        let run = ChatRun(
            store: store, service: service, observer: GatewayObserver(relay: relay, events: events),
            owner: owners.next(), conversationID: placement.conversation.id, requestID: requestID,
            leafID: placement.leafID,
            relayed: ChatRun.RelayedRequest(
                body: .object(Self.repaired(parsed.body, stored: placement.stored)),
                endpoint: parsed.prefix == nil ? .chat : .chatBeta, model: parsed.model, prefix: parsed.prefix),
            answerID: answerID, source: context.tokenName)
        let task = Task {
            defer { relay.finish() }
            return try await run.run()
        }
        let generations = service.generations
        let response = RelayResponse(
            relay: relay, task: task, stop: { _ = generations.stop(requestID: requestID, .disconnected) },
            headers: headers, includeUsage: parsed.includeUsage)
        guard parsed.stream else {
            let prefix = parsed.prefix
            return await response.whole(for: request) { outcome, summary in
                guard case let .stored(stored) = outcome else { throw Self.shortfall(outcome)! }
                return GatewayJSON.response(
                    Self.completionObject(stored, prefix: prefix, summary: summary, requestedModel: parsed.model))
            }
        }
        return await response.streamed(shortfall: Self.shortfall)
    }

    /// An answer already stored for this very request: the one the frontend named (Open WebUI's message id),
    /// or, for an SDK's retry, the newest answer this frontend was given under the same turn.
    private func replay(_ placement: ThreadPlacement, hints: ThreadHints, source: String) async throws -> Message? {
        if let answerID = hints.answerID, let stored = try? store.messages.fetch(answerID),
            stored.role == .assistant, stored.parentID == placement.leafID
        {
            return stored
        }
        guard hints.isRetry, placement.appended.isEmpty, let leaf = placement.leafID else { return nil }
        return try await store.threads.newestAnswer(under: leaf, source: source)
    }

    /// Why a run that did not fail gave no answer: it was stopped (the daemon is stopping, or `chat.cancel`).
    @Sendable static func shortfall(_ outcome: ChatRunOutcome) -> OpenAIError? {
        guard case let .stopped(reason, draft) = outcome else { return nil }
        let kept = draft.map { " (the text so far is kept as draft \($0.id))" } ?? ""
        return OpenAIError(
            status: .serviceUnavailable, message: "the answer was stopped: \(reason.rawValue)\(kept)",
            type: "server_error", code: "stopped")
    }

    /// The request body with what frontends drop put back: an assistant tool-call turn replayed without its
    /// `reasoning_content` gets it from the stored message it matched, since DeepSeek refuses the request
    /// in thinking mode without it.
    static func repaired(_ body: [String: JSONValue], stored: [Message?]) -> [String: JSONValue] {
        guard case var .array(messages)? = body["messages"] else { return body }
        var changed = false
        for index in messages.indices where index < stored.count {
            guard case var .object(message) = messages[index], message["role"] == "assistant",
                let calls = message["tool_calls"], calls != .null, calls != .array([]),
                message["reasoning_content"] == nil || message["reasoning_content"] == .null,
                let reasoning = stored[index]?.reasoningContent
            else { continue }
            message["reasoning_content"] = .string(reasoning)
            messages[index] = .object(message)
            changed = true
        }
        guard changed else { return body }
        var repaired = body
        repaired["messages"] = .array(messages)
        return repaired
    }

    /// A `chat.completion` object for a stored answer, with the API's id, time, fingerprint and usage.
    static func completionObject(
        _ stored: StoredCompletion, prefix: ChatRequest.Prefix?, summary: EventRelay.Summary, requestedModel: String
    ) -> JSONValue {
        let message = stored.message
        var text = message.content.searchableText
        if let prefix, text.utf8.starts(with: prefix.content.utf8) {
            text = String(decoding: text.utf8.dropFirst(prefix.content.utf8.count), as: UTF8.self)
        }
        var reasoning = message.reasoningContent
        if let prior = prefix?.reasoningContent, let whole = reasoning, whole.utf8.starts(with: prior.utf8) {
            reasoning = String(decoding: whole.utf8.dropFirst(prior.utf8.count), as: UTF8.self)
        }
        return completionObject(
            id: summary.id, created: summary.created, model: summary.model ?? message.model ?? requestedModel,
            fingerprint: summary.systemFingerprint, text: text, reasoning: reasoning, toolCalls: message.toolCalls,
            finishReason: message.finishReason, usage: summary.usage)
    }

    static func completionObject(
        id: String?, created: JSONValue?, model: String, fingerprint: JSONValue?, text: String, reasoning: String?,
        toolCalls: JSONValue?, finishReason: String?, usage: JSONValue?
    ) -> JSONValue {
        var answer: [String: JSONValue] = ["role": "assistant", "content": .string(text)]
        if let reasoning { answer["reasoning_content"] = .string(reasoning) }
        if let toolCalls, toolCalls != .null { answer["tool_calls"] = toolCalls }
        var object: [String: JSONValue] = [
            "id": .string(id ?? "chatcmpl-parley-" + EntityID.generate().rawValue), "object": "chat.completion",
            "created": created ?? .integer(Int64(Date().timeIntervalSince1970)), "model": .string(model),
            "choices": [
                [
                    "index": 0, "message": .object(answer), "logprobs": .null,
                    "finish_reason": finishReason.map(JSONValue.string) ?? .null,
                ]
            ],
        ]
        if let fingerprint { object["system_fingerprint"] = fingerprint }
        if let usage { object["usage"] = usage }
        return .object(object)
    }
}
