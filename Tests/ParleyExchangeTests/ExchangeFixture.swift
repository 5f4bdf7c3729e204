import Foundation
import ParleyCore
import ParleyStore
import ParleyTestSupport

/// A store on a real WAL file in a temporary folder, and a place for the exports a test writes.
final class ExchangeFixture: Sendable {
    let folder = TemporaryFolder()
    let store: ParleyStore

    init(name: String = "parley.sqlite") throws {
        store = try ParleyStore.open(path: folder.file(name))
    }

    deinit {
        try? store.close()
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = folder.file(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every conversation (deleted ones too) with its messages, by source id, for comparing stores.
    func counts() async throws -> (conversations: Int, messages: Int) {
        let ids = try store.exports.conversationIDs()
        var messages = 0
        for id in ids { messages += try store.exports.records(of: id)?.filter { $0.entity == .message }.count ?? 0 }
        return (ids.count, messages)
    }
}

/// ChatGPT-shaped conversations for the import tests: a hidden root, then user and assistant turns.
enum ChatGPTFixture {
    /// `turns` are (node id, parent id, role, text); the first turn hangs below the hidden root.
    static func conversation(
        id: String, title: String?, current: String?, turns: [(String, String?, String, String)],
        model: String = "gpt-4o", start: Double = 1_714_564_800
    ) -> String {
        var children: [String: [String]] = ["root": []]
        for (node, parent, _, _) in turns { children[parent ?? "root", default: []].append(node) }
        var nodes = [
            #""root":{"id":"root","parent":null,"children":\#(list(children["root"] ?? [])),"message":null}"#
        ]
        for (index, (node, parent, role, text)) in turns.enumerated() {
            let time = start + Double(index) * 10
            let metadata = role == "assistant" ? #"{"model_slug":"\#(model)"}"# : "{}"
            nodes.append(
                #""\#(node)":{"id":"\#(node)","parent":"\#(parent ?? "root")","children":\#(list(children[node] ?? [])),"#
                    + #""message":{"id":"\#(node)","author":{"role":"\#(role)"},"create_time":\#(time),"#
                    + #""content":{"content_type":"text","parts":[\#(quoted(text))]},"status":"finished_successfully","#
                    + #""recipient":"all","metadata":\#(metadata)}}"#)
        }
        let titleText = title.map(quoted) ?? "null"
        let currentText = current.map(quoted) ?? "null"
        return #"{"id":"\#(id)","conversation_id":"\#(id)","title":\#(titleText),"create_time":\#(start),"#
            + #""update_time":\#(start + 100),"current_node":\#(currentText),"default_model_slug":"\#(model)","#
            + #""is_archived":false,"mapping":{\#(nodes.joined(separator: ","))}}"#
    }

    static func export(_ conversations: [String]) -> String { "[" + conversations.joined(separator: ",\n") + "]" }

    private static func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ",") + "]" }

    static func quoted(_ text: String) -> String { (try? JSONCoding.encode(text)) ?? "\"\"" }

    static let first = conversation(
        id: "c-1", title: "Monads", current: "a1",
        turns: [("u1", nil, "user", "What is a monad?"), ("a1", "u1", "assistant", "A monoid in the category…")])
    static let second = conversation(
        id: "c-2", title: nil, current: "a3",
        turns: [
            ("u2", nil, "user", "Write a haiku about SQLite"), ("a2", "u2", "assistant", "Pages in the WAL"),
            ("a3", "u2", "assistant", "One file holds it all"),
        ])
}
