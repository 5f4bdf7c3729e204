import Foundation
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// One completion of a conversation's branch, whichever frontend asked: builds the request from the branch,
/// relays the streamed answer to the ``ChatRunObserver``, and stores the answer with its usage, or keeps what
/// arrived as a prefix draft when the generation stops or the stream breaks.
public struct ChatRun: Sendable {
    let store: ParleyStore
    let service: ChatService
    let observer: any ChatRunObserver
    /// The connection the run belongs to; closing it stops the run.
    let owner: Int
    let conversationID: EntityID
    let requestID: String
    let leafID: EntityID?
    let draftID: EntityID?
    let overrides: GenerationSettings
    let stream: Bool
    /// The request as a frontend wrote it, sent instead of one built from the branch.
    let relayed: RelayedRequest?
    /// The id to store the answer under; nil makes a new one.
    let answerID: EntityID?
    /// Where the answer is recorded as coming from (the gateway token's name).
    let source: String?

    /// A chat request body a frontend wrote (the OpenAI-compatible gateway), relayed with the fields Parley
    /// does not read untouched. Its answer is stored on the branch like any other.
    public struct RelayedRequest: Sendable {
        /// The API's request object; `stream` and `stream_options` are set by the run.
        public var body: JSONValue
        public var endpoint: DeepSeekClient.Endpoint
        /// The model asked for, recorded when the answer does not name one.
        public var model: String
        /// The assistant text the request asks the model to continue (`prefix: true`), which the stored
        /// answer starts with.
        public var prefix: ChatRequest.Prefix?

        public init(
            body: JSONValue, endpoint: DeepSeekClient.Endpoint, model: String, prefix: ChatRequest.Prefix? = nil
        ) {
            self.body = body
            self.endpoint = endpoint
            self.model = model
            self.prefix = prefix
        }
    }

    public init(
        store: ParleyStore, service: ChatService, observer: any ChatRunObserver, owner: Int,
        conversationID: EntityID, requestID: String, leafID: EntityID? = nil, draftID: EntityID? = nil,
        overrides: GenerationSettings = GenerationSettings(), stream: Bool = true, relayed: RelayedRequest? = nil,
        answerID: EntityID? = nil, source: String? = nil
    ) {
        self.store = store
        self.service = service
        self.observer = observer
        self.owner = owner
        self.conversationID = conversationID
        self.requestID = requestID
        self.leafID = leafID
        self.draftID = draftID
        self.overrides = overrides
        self.stream = stream
        self.relayed = relayed
        self.answerID = answerID
        self.source = source
    }

    /// What the request continues from (the branch's leaf, and the prefix draft when there is one) and what
    /// is sent.
    private struct Start {
        var leaf: EntityID?
        var draft: Draft?
        var body: JSONValue
        var endpoint: DeepSeekClient.Endpoint
        var model: String
        /// The assistant text the answer continues, which the stored answer starts with.
        var prefix: ChatRequest.Prefix?
    }

    /// Runs the completion. Throws ``ChatRunError`` when the API gives no answer, `ParleyError` for a request
    /// that cannot be made or a store that refuses it.
    public func run() async throws -> ChatRunOutcome {
        let start = try await prepare()
        let body = start.body
        try service.requireKey()
        let generation = try service.generations.start(requestID: requestID, owner: owner)
        defer { service.generations.finish(generation) }
        let answer = AnswerIdentity(
            requestID: requestID, conversationID: conversationID, messageID: answerID ?? .generate())
        let began = ContinuousClock.now
        let outcome = await relay(answer) { onDelta async throws(DeepSeekError) in
            try await service.client.chat(
                body, endpoint: start.endpoint, cancellation: generation.cancellation, onDelta: onDelta)
        }
        switch outcome {
        case let .success(completion):
            let stored = try await self.store(
                completion, answer: answer, start: start, latencyMilliseconds: Self.milliseconds(since: began))
            return .stored(stored)
        case let .failure(.interrupted(partial, reason)):
            let kept = try await keep(partial, start: start)
            if let stopped = generation.stopReason { return .stopped(stopped, draft: kept) }
            throw ChatRunError.upstream(.interrupted(partial: partial, reason: reason), keptDraft: kept?.id)
        case .failure(.transport(.cancelled)):
            return .stopped(generation.stopReason ?? .cancelled, draft: start.draft)
        case let .failure(error):
            throw ChatRunError.upstream(error, keptDraft: nil)
        }
    }

    /// Reads what the request is built from and checks it, before anything is sent.
    private func prepare() async throws -> Start {
        if let relayed {
            // The frontend's request names the model and settings, and its adapter has just placed it on the
            // branch, so there is nothing to read.
            return Start(
                leaf: leafID, draft: nil,
                body: .object(StreamedBody.setting(stream: stream, in: relayed.body.objectValue ?? [:])),
                endpoint: relayed.endpoint,
                model: relayed.model, prefix: relayed.prefix)
        }
        let conversation = try await store.conversations.get(conversationID)
        var draft: Draft?
        if let draftID {
            let found = try await store.drafts.get(draftID)
            guard found.conversationID == conversationID else {
                throw ParleyError.invalidValue(
                    field: "draft_id", value: draftID.rawValue,
                    rule: "must be a draft of conversation \(conversationID) (it belongs to \(found.conversationID))")
            }
            guard found.kind == .prefix else {
                throw ParleyError.invalidValue(
                    field: "draft_id", value: draftID.rawValue,
                    rule: "is a \(found.kind.rawValue) draft; only prefix drafts are continued by the model")
            }
            if let leafID, leafID != found.parentID {
                throw ParleyError.invalidValue(
                    field: "leaf_id", value: leafID.rawValue,
                    rule:
                        "must be the draft's parent \(found.parentID?.rawValue ?? "(none: the draft starts the conversation)")"
                )
            }
            draft = found
        }
        let leaf = draft != nil ? draft?.parentID : (leafID ?? conversation.headMessageID)
        let history =
            leaf == nil ? [] : try await store.messages.path(conversationID: conversationID, to: leaf)
        let request = try ChatRequest(
            model: conversation.model, history: history, settings: conversation.settings.merged(with: overrides),
            prefix: draft.map { ChatRequest.Prefix(content: $0.content, reasoningContent: $0.reasoningContent) },
            leafField: leafID == nil ? "conversation_id" : "leaf_id")
        return Start(
            leaf: leaf, draft: draft, body: try request.body(stream: stream),
            endpoint: request.endpoint, model: request.model, prefix: request.prefix)
    }

    /// Runs `call`, handing each delta it reports to the observer as it arrives (``ChatRunObserver/arrived(_:of:)``)
    /// and then in order on a task of its own (``ChatRunObserver/delta(_:of:)``, waiting while it is busy);
    /// returns once every delta has been taken.
    private func relay(
        _ answer: AnswerIdentity,
        _ call: (@escaping @Sendable (ChatDelta) -> Void) async throws(DeepSeekError) -> ChatCompletion
    ) async -> Result<ChatCompletion, DeepSeekError> {
        let (deltas, continuation) = AsyncStream.makeStream(of: ChatDelta.self)
        let observer = observer
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await delta in deltas { await observer.delta(delta, of: answer) }
            }
            let outcome: Result<ChatCompletion, DeepSeekError>
            do throws(DeepSeekError) {
                let ordered = !observer.takesDeltasOnArrival
                outcome = .success(
                    try await call { delta in
                        observer.arrived(delta, of: answer)
                        if ordered { continuation.yield(delta) }
                    })
            } catch {
                outcome = .failure(error)
            }
            continuation.finish()
            await group.waitForAll()
            return outcome
        }
    }

    /// Stores the answer, its usage and the end of the draft it continued, in one transaction.
    private func store(
        _ completion: ChatCompletion, answer: AnswerIdentity, start: Start, latencyMilliseconds: Int
    ) async throws -> StoredCompletion {
        let model = Self.reportedModel(completion.model) ?? start.model
        let usage = completion.usage.map {
            service.newUsage(
                $0, model: model, conversationID: conversationID, requestID: completion.id ?? requestID,
                latencyMilliseconds: latencyMilliseconds)
        }
        let message = NewMessage(
            id: answer.messageID, conversationID: conversationID, role: .assistant,
            content: .text((start.prefix?.content ?? "") + completion.content),
            parent: start.leaf.map(ParentChoice.message) ?? .root,
            reasoningContent: Self.joined(start.prefix?.reasoningContent, completion.reasoningContent),
            toolCalls: completion.toolCalls, model: model, finishReason: completion.finishReason, source: source)
        let stored = try await store.completions.store(
            FinishedCompletion(
                message: message, usage: usage, consumedDraft: start.draft.map { ($0.id, $0.revision) }))
        await observer.stored(stored, of: answer)
        return stored
    }

    /// Keeps what a generation that stopped had sent (text, thinking, tool-call fragments) as an interrupted
    /// prefix draft: over the draft it continued when nobody changed that one meanwhile, else as a new draft.
    /// Nil when nothing arrived to keep.
    private func keep(_ partial: ChatCompletion, start: Start) async throws -> Draft? {
        let reasoning = Self.joined(start.prefix?.reasoningContent, partial.reasoningContent)
        guard !partial.content.isEmpty || partial.reasoningContent != nil || partial.toolCalls != nil else {
            return start.draft
        }
        var save = DraftSave(
            id: start.draft?.id, conversationID: conversationID, kind: .prefix,
            content: (start.prefix?.content ?? "") + partial.content, parentID: start.leaf,
            reasoningContent: reasoning, toolCalls: partial.toolCalls ?? start.draft?.toolCalls, interrupted: true,
            revision: start.draft?.revision)
        let draft: Draft
        do {
            draft = try await store.drafts.save(save)
        } catch {
            guard case .revisionConflict = error else { throw error }
            save.id = nil
            save.revision = nil
            draft = try await store.drafts.save(save)
        }
        await observer.kept(draft)
        return draft
    }

    /// The model the API named, when it is a plausible model id (the answer is untrusted input).
    private static func reportedModel(_ model: String?) -> String? {
        guard let model, (try? FieldRules.model(model)) != nil else { return nil }
        return model
    }

    /// Whole milliseconds from `start` to now, for usage records.
    public static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = start.duration(to: .now).components
        return Int(elapsed.seconds) * 1000 + Int(elapsed.attoseconds / 1_000_000_000_000_000)
    }

    private static func joined(_ first: String?, _ second: String?) -> String? {
        guard first != nil || second != nil else { return nil }
        return (first ?? "") + (second ?? "")
    }
}
