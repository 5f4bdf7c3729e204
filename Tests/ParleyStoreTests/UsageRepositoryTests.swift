import ParleyCore
import Testing

@testable import ParleyStore

@Suite struct UsageRepositoryTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    @Test func recordsEveryFieldOfTheUsageObject() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["hi", "hello"])
        let record = try await store.usage.record(
            NewUsage(
                model: "deepseek-v4-flash", promptTokens: 120, completionTokens: 30, promptCacheHitTokens: 100,
                promptCacheMissTokens: 20, reasoningTokens: 12, cost: "0.0000412", discount: "0.5",
                latencyMilliseconds: 850, requestID: "req-1", conversationID: conversation.id,
                messageID: messages[1].id))
        #expect(record.totalTokens == 150)
        #expect(record.cost?.description == "0.0000412")
        #expect(record.discount?.description == "0.5")
        let changes = try await store.changeLog.changes().filter { $0.entity == .usage }
        #expect(changes.map(\.entityID) == [record.id])
    }

    @Test func summariesSumExactlyByModelConversationAndDay() async throws {
        let (first, _) = try await fixture.conversation()
        let (second, _) = try await fixture.conversation()
        for _ in 0..<10 {
            _ = try await store.usage.record(
                NewUsage(
                    model: "deepseek-v4-flash", promptTokens: 10, completionTokens: 5, cost: "0.1",
                    conversationID: first.id))
        }
        _ = try await store.usage.record(
            NewUsage(
                model: "deepseek-v4-pro", promptTokens: 7, completionTokens: 3, promptCacheHitTokens: 4,
                cost: "0.00000007", conversationID: second.id))
        _ = try await store.usage.record(NewUsage(model: "deepseek-v4-pro", promptTokens: 1, completionTokens: 1))

        let byModel = try await store.usage.summary(groupBy: .model)
        #expect(byModel.rows.map(\.key) == ["deepseek-v4-flash", "deepseek-v4-pro"])
        #expect(byModel.rows[0].cost.description == "1")
        #expect(byModel.rows[0].calls == 10)
        #expect(byModel.rows[0].promptTokens == 100)
        #expect(byModel.rows[1].cost.description == "0.00000007")
        #expect(byModel.rows[1].promptCacheHitTokens == 4)
        #expect(byModel.total.cost.description == "1.00000007")
        #expect(byModel.total.calls == 12)
        #expect(byModel.total.totalTokens == 162)

        let byConversation = try await store.usage.summary(groupBy: .conversation)
        #expect(Set(byConversation.rows.map(\.key)) == ["", first.id.rawValue, second.id.rawValue])

        let byDay = try await store.usage.summary(groupBy: .day)
        #expect(byDay.rows.count == 1)
        #expect(byDay.rows[0].key.count == 10)
        #expect(byDay.rows[0].calls == 12)

        let none = try await store.usage.summary(groupBy: .day, since: Int64.max - 1)
        #expect(none.rows.isEmpty)
        #expect(none.total.calls == 0)
        #expect(none.total.cost == .zero)
    }

    @Test func badValuesAreRefused() async throws {
        let cases: [(NewUsage, String)] = [
            (NewUsage(model: "m", promptTokens: -1, completionTokens: 0), "prompt_tokens"),
            // Counts that would overflow a sum (found by fuzzing the segment decoder, which shares these rules).
            (NewUsage(model: "m", promptTokens: Int.max, completionTokens: 0), "prompt_tokens"),
            (NewUsage(model: "m", promptTokens: 1, completionTokens: 1_000_000_000_001), "completion_tokens"),
            (NewUsage(model: "m", promptTokens: 1, completionTokens: 1, cost: "1e-5"), "cost"),
            (NewUsage(model: "m", promptTokens: 1, completionTokens: 1, cost: "-0.1"), "cost"),
            (NewUsage(model: "", promptTokens: 1, completionTokens: 1), "model"),
            (NewUsage(model: "m", promptTokens: 1, completionTokens: 1, discount: "lots"), "discount"),
        ]
        for (usage, field) in cases {
            let error = await parleyError { _ = try await store.usage.record(usage) }
            guard case let .invalidValue(reported, _, _) = error else {
                Issue.record("expected invalid \(field), got \(String(describing: error))")
                continue
            }
            #expect(reported == field)
        }
        let missing = EntityID.generate()
        #expect(
            await parleyError {
                _ = try await store.usage.record(
                    NewUsage(model: "m", promptTokens: 1, completionTokens: 1, conversationID: missing))
            } == .notFound(entity: "conversation", id: missing.rawValue))
        #expect(try await fixture.count("usage_record") == 0)
    }
}
