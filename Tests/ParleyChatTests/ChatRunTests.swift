import Foundation
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore
import ParleyTestSupport
import Synchronization
import Testing

/// The one completion path, without any frontend: a run relays deltas to its observer in order, stores the
/// answer with its usage, keeps a stopped answer as a prefix draft, and says why the API gave none.
@Suite struct ChatRunTests {
    let server: FakeDeepSeekServer
    let folder = TemporaryFolder(prefix: "parley-chat-")
    let store: ParleyStore
    let service: ChatService

    init() throws {
        server = try FakeDeepSeekServer()
        store = try ParleyStore.open(path: folder.file("parley.sqlite"))
        var configuration = DeepSeekConfiguration(baseURL: server.baseURL, apiKey: "sk-test-secret")
        configuration.retry.firstDelaySeconds = 0.01
        service = ChatService(configuration: configuration)
    }

    /// Everything a run reported, in order.
    final class Recorder: ChatRunObserver {
        let events = Mutex<[String]>([])

        func delta(_ delta: ChatDelta, of answer: AnswerIdentity) async {
            events.withLock { $0.append("delta \(delta.content ?? "")") }
        }

        func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async {
            events.withLock { $0.append("stored \(stored.message.id == answer.messageID)") }
        }

        func kept(_ draft: Draft) async {
            events.withLock { $0.append("kept \(draft.content)") }
        }
    }

    private static let chunks = [
        #"{"id":"c1","model":"deepseek-v4-flash","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}"#,
    ]

    @Test func anAnswerIsRelayedInOrderAndStoredWithItsUsage() async throws {
        let conversation = try await store.conversations.create(NewConversation(title: "hello"))
        _ = try await store.messages.append(
            NewMessage(conversationID: conversation.id, role: .user, content: .text("Say hello")))
        server.script(.stream(Self.chunks))
        let recorder = Recorder()
        let run = ChatRun(
            store: store, service: service, observer: recorder, owner: 1, conversationID: conversation.id,
            requestID: "r1")
        guard case let .stored(stored) = try await run.run() else {
            Issue.record("the run did not store its answer")
            return
        }
        #expect(stored.message.content == .text("Hello"))
        #expect(stored.usage?.totalTokens == 8)
        #expect(recorder.events.withLock { $0 } == ["delta Hel", "delta lo", "stored true"])
        #expect(try await store.messages.tree(conversationID: conversation.id).count == 2)
    }

    @Test func aStreamThatBreaksKeepsWhatArrivedAsADraftAndSaysWhy() async throws {
        let conversation = try await store.conversations.create(NewConversation(title: "cut"))
        _ = try await store.messages.append(
            NewMessage(conversationID: conversation.id, role: .user, content: .text("Say hello")))
        var broken = FakeDeepSeekServer.Response.stream([Self.chunks[0]], done: false)
        broken.dropAfterParts = true
        server.script(broken)
        let recorder = Recorder()
        let run = ChatRun(
            store: store, service: service, observer: recorder, owner: 1, conversationID: conversation.id,
            requestID: "r2")
        do {
            _ = try await run.run()
            Issue.record("a broken stream was taken for an answer")
        } catch let ChatRunError.upstream(.interrupted, keptDraft) {
            let draft = try await store.drafts.get(try #require(keptDraft))
            #expect(draft.content == "Hel")
            #expect(draft.kind == .prefix)
        }
        #expect(recorder.events.withLock { $0 } == ["delta Hel", "kept Hel"])
    }

    @Test func withoutAKeyNothingIsSent() async throws {
        let conversation = try await store.conversations.create(NewConversation(title: "no key"))
        _ = try await store.messages.append(
            NewMessage(conversationID: conversation.id, role: .user, content: .text("Say hello")))
        let keyless = ChatService(configuration: DeepSeekConfiguration(baseURL: server.baseURL, apiKey: nil))
        let run = ChatRun(
            store: store, service: keyless, observer: Recorder(), owner: 1, conversationID: conversation.id,
            requestID: "r3")
        await #expect {
            _ = try await run.run()
        } throws: { error in
            guard case ChatRunError.upstream(.missingAPIKey, _) = error else { return false }
            return true
        }
        #expect(server.received.isEmpty)
    }
}
