import HTTPTypes
import Hummingbird
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// A frontend's side task (a title, tags, follow-ups): relayed and answered like any request, its usage
/// recorded against the chat it is about, and nothing of it stored as a message. A title task's answer becomes
/// the conversation's title, unless it has one already.
struct SideTaskRelay: Sendable {
    let store: ParleyStore
    let service: ChatService
    let events: any ChatEvents

    func handle(
        _ task: SideTask, _ parsed: ChatCompletionRequest, hints: ThreadHints, request: Request, source: String
    ) async throws -> Response {
        let conversationID = hints.conversationID
        var headers: HTTPFields = [:]
        if let conversationID { headers[ChatCompletions.conversationHeader] = conversationID.rawValue }
        let (store, events) = (store, events)
        let call = UnstoredRelay.Call(
            body: parsed.body, endpoint: parsed.prefix == nil ? .chat : .chatBeta, model: parsed.model,
            conversationID: conversationID, stream: parsed.stream, includeUsage: parsed.includeUsage,
            headers: headers)
        return await UnstoredRelay(store: store, service: service, events: events).respond(
            to: request, call,
            then: { answer in
                guard task == .title, let conversationID, let title = SideTask.title(from: answer.completion.content)
                else { return }
                try? await Self.entitle(
                    conversationID, title, derived: hints.conversationIsDerived, model: parsed.model, source: source,
                    store: store, events: events)
            },
            whole: { answer, summary in
                let completion = answer.completion
                return GatewayJSON.response(
                    ChatCompletions.completionObject(
                        id: summary.id, created: summary.created, model: summary.model ?? answer.model,
                        fingerprint: summary.systemFingerprint, text: completion.content,
                        reasoning: completion.reasoningContent, toolCalls: completion.toolCalls,
                        finishReason: completion.finishReason, usage: summary.usage))
            })
    }

    /// Sets the title of a conversation that has none; a chat the frontend named that is not stored yet (the
    /// title request came first) is created with it.
    private static func entitle(
        _ id: EntityID, _ title: String, derived: Bool, model: String, source: String, store: ParleyStore,
        events: any ChatEvents
    ) async throws {
        if let conversation = try? store.conversations.fetch(id) {
            guard conversation.title.isEmpty else { return }
            events.updated(try await store.conversations.update(id, ConversationUpdate(title: title)))
            return
        }
        guard derived else { return }
        do {
            events.created(
                try await store.conversations.create(
                    NewConversation(id: id, title: title, model: model, source: source))
            )
        } catch {
            let conversation = try store.conversations.fetch(id)
            guard conversation.title.isEmpty else { return }
            events.updated(try await store.conversations.update(id, ConversationUpdate(title: title)))
        }
    }
}
