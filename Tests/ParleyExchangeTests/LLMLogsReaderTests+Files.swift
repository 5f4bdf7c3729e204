import Foundation
import GRDB
import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

/// Files that are not llm logs, damaged rows, both generations in one file, and the file left as it was.
extension LLMLogsReaderTests {
    @Test func aFileThatIsNotSQLiteIsRefusedBeforeSQLiteOpensIt() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = fixture.folder.appendingPathComponent("conversations.json").path
        try Data(#"[{"title": "a ChatGPT export"}]"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: LLMLogsFailure.notSQLite(path: path)) { try LLMLogsReader(path: path) }
        let empty = fixture.folder.appendingPathComponent("empty.db").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(throws: LLMLogsFailure.notSQLite(path: empty)) { try LLMLogsReader(path: empty) }
        let missing = fixture.folder.appendingPathComponent("missing.db").path
        #expect(throws: LLMLogsFailure.unreadable(path: missing, reason: "there is no such file")) {
            try LLMLogsReader(path: missing)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func anSQLiteFileWithoutLLMsTablesIsRefusedSayingWhatWasExpected() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("other.db", "CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT)")
        do {
            _ = try LLMLogsReader(path: path)
            Issue.record("an SQLite file without llm's tables was opened")
        } catch {
            #expect(error == .notLLMLogs(path: path))
            #expect(
                error.description.contains(
                    "is not an llm logs.db: expected a table responses or messages/parts/threads/turns"))
        }
    }

    @Test func aBrokenChainFailsItsThreadWithTheReasonWhileTheOthersImport() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database(
            "logs.db", LLMLogsFixture.messageTables, Self.treeRows,
            #"""
            INSERT INTO messages VALUES ('b2:y2', 'b2:gone', 'user', NULL),
                ('b2:c1', 'b2:c2', 'user', NULL), ('b2:c2', 'b2:c1', 'assistant', NULL),
                ('b2:p1', NULL, 'user', NULL), ('b2:r1', NULL, 'robot', NULL);
            INSERT INTO parts (message_hash, position, type, text, payload) VALUES
                ('b2:y2', 0, 'text', 'orphan', NULL), ('b2:p1', 0, 'tool_call', NULL, 'not json');
            INSERT INTO threads VALUES ('01hd', 'Broken', 'b2:y2', NULL, '2024-05-04 08:00:00'),
                ('01he', 'Cycle', 'b2:c1', NULL, '2024-05-05 08:00:00'),
                ('01hf', 'Bad payload', 'b2:p1', NULL, '2024-05-06 08:00:00'),
                ('01hg', 'Bad role', 'b2:r1', NULL, '2024-05-07 08:00:00'),
                ('01hh', 'Lost tip', 'b2:nowhere', NULL, '2024-05-08 08:00:00');
            """#)
        let items = try results(path)
        #expect(items.count == 7)
        #expect(items.compactMap { try? $0.get().sourceID } == ["01ha", "01hc"])
        let reasons = items.compactMap { result -> String? in
            guard case let .failure(failure) = result else { return nil }
            return failure.reason
        }
        #expect(
            reasons == [
                #"thread 01hd: messages["b2:y2"].parent_hash names "b2:gone", which is not in messages"#,
                #"thread 01he: messages["b2:c2"].parent_hash names "b2:c1", which is already on the chain from "#
                    + "thread 01he's tip: the chain is a cycle and has no first message",
                #"thread 01hf: parts[17] (message "b2:p1", position 0).payload is "not json", "#
                    + "which is not a JSON object",
                #"thread 01hg: messages["b2:r1"].role is "robot", which is not one of system, user, assistant, tool"#,
                #"thread 01hh: threads["01hh"].tip_message_hash names "b2:nowhere", which is not in messages"#,
            ])
    }

    @Test func aMissingFragmentFailsItsConversation() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database(
            "logs.db", LLMLogsFixture.legacyTables, Self.legacyRows,
            "INSERT INTO prompt_fragments VALUES ('01hr2', 99, 0)")
        let items = try results(path)
        #expect(items.count == 3)
        let failure = items.compactMap { result -> ImportItemFailure? in
            guard case let .failure(failure) = result else { return nil }
            return failure
        }
        #expect(
            failure == [
                ImportItemFailure(
                    "conversation 01hconv: prompt_fragments of response 01hr2 names fragment 99, which is not in fragments"
                )
            ])
    }

    @Test func aTurnInBothGenerationsIsImportedOnce() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database(
            "logs.db", LLMLogsFixture.legacyTables, LLMLogsFixture.messageTables,
            #"""
            INSERT INTO conversations VALUES ('c-dual', 'dual', 'gpt-4o'), ('c-cont', 'continued', 'gpt-4o'),
                ('c-only', 'old', 'gpt-4o');
            INSERT INTO responses (id, model, prompt, response, conversation_id, datetime_utc) VALUES
                ('01hd1', 'gpt-4o', 'Q', 'A', 'c-dual', '2024-05-01T12:00:00+00:00'),
                ('01hc1', 'gpt-4o', 'Q1', 'A1', 'c-cont', '2024-05-01T12:00:00+00:00'),
                ('01ho1', 'gpt-4o', 'Old', 'Answer', 'c-only', '2024-05-01T12:00:00+00:00');
            INSERT INTO messages VALUES ('b2:q', NULL, 'user', NULL), ('b2:a', 'b2:q', 'assistant', NULL),
                ('b2:q1', NULL, 'user', NULL), ('b2:a1', 'b2:q1', 'assistant', NULL),
                ('b2:q2', 'b2:a1', 'user', NULL), ('b2:a2', 'b2:q2', 'assistant', NULL);
            INSERT INTO parts (message_hash, position, type, text) VALUES ('b2:q', 0, 'text', 'Q'),
                ('b2:a', 0, 'text', 'A'), ('b2:q1', 0, 'text', 'Q1'), ('b2:a1', 0, 'text', 'A1'),
                ('b2:q2', 0, 'text', 'Q2'), ('b2:a2', 0, 'text', 'A2');
            INSERT INTO threads VALUES ('01htd', 'dual', 'b2:a', NULL, '2024-05-01 12:00:00'),
                ('c-cont', 'continued', 'b2:a2', NULL, '2024-05-01 12:00:00');
            INSERT INTO turns (id, thread_id, parent_message_hash, tip_message_hash, model, datetime_utc) VALUES
                ('01hd1', '01htd', 'b2:q', 'b2:a', 'gpt-4o', '2024-05-01T12:00:00+00:00'),
                ('01hc2', 'c-cont', 'b2:q2', 'b2:a2', 'gpt-4o', '2024-05-02T12:00:00+00:00');
            """#)
        let all = try conversations(path)
        #expect(all.map(\.sourceID) == ["c-only", "01htd", "c-cont"])
        #expect(all.last?.messages.map(\.content) == [.text("Q1"), .text("A1"), .text("Q2"), .text("A2")])
        #expect(all.flatMap(\.messages).filter { $0.content == .text("A") }.count == 1)
    }

    @Test func readingLeavesTheFileAsItWas() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database(
            "logs.db", LLMLogsFixture.legacyTables, Self.legacyRows, LLMLogsFixture.messageTables, Self.treeRows)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let all = try results(path)
        #expect(all.count == 5)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path) == ["logs.db"])
    }
}
