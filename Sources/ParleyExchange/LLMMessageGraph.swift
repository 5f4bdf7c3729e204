import GRDB
import ParleyCore
import ParleyStore

/// One 0.32+ tree as a Parley conversation: every message under its root, every fork a branch, the turns'
/// models, times and usage on the answers they produced.
///
/// Messages are shared rows without times of their own; each takes the time of the earliest turn whose chain
/// holds it (as llm's `message_tree` view shows it), else of the earliest thread whose chain holds it.
struct LLMMessageGraph {
    /// A `turns` row of one of the tree's threads.
    private struct Turn {
        var id: String
        var parent: String?
        var tip: String
        var createdAt: Int64?
        var row: Row
    }

    /// A message's Parley messages: one, or one per tool result.
    private struct Node {
        var parent: String?
        var role: MessageRole
        var parts: LLMMessageParts
        var sourceIDs: [String]
    }

    let schema: LLMLogsSchema

    func conversation(
        _ db: Database, root: String, threads: [LLMThreadForest.Thread]
    ) throws -> ImportedConversation {
        var references = LLMReferences(db, schema: schema)
        let tree =
            "WITH RECURSIVE tree(hash) AS (SELECT ? UNION SELECT m.hash FROM messages m "
            + "JOIN tree ON m.parent_hash = tree.hash) "
        let partRows = try Row.fetchAll(
            db,
            sql: tree + "SELECT p.id, p.message_hash, p.position, p.type, p.tool_name, p.text, p.payload "
                + "FROM tree JOIN parts p ON p.message_hash = tree.hash ORDER BY p.message_hash, p.position, p.id",
            arguments: [root])
        var partsByMessage: [String: [Row]] = [:]
        for row in partRows {
            if let hash = row.llmText("message_hash") { partsByMessage[hash, default: []].append(row) }
        }
        var nodes: [String: Node] = [:]
        var order: [String] = []
        let messageRows = try Row.fetchAll(
            db,
            sql: tree + "SELECT m.hash, m.parent_hash, m.role FROM tree JOIN messages m ON m.hash = tree.hash "
                + "ORDER BY m.rowid", arguments: [root])
        for row in messageRows {
            guard let hash = row.llmNonEmptyText("hash") else { continue }
            guard let role = row.llmText("role").flatMap(MessageRole.init(rawValue:)) else {
                throw ImportItemFailure(
                    "messages[\"\(hash)\"].role is \(row.llmText("role").map { "\"\($0)\"" } ?? "null"), "
                        + "which is not one of system, user, assistant, tool")
            }
            let parts = try LLMMessageParts(partsByMessage[hash] ?? [], message: hash, references: &references)
            let count = parts.toolResults.count + (parts.toolResults.isEmpty || !parts.isEmpty ? 1 : 0)
            let sourceIDs = (0..<max(1, count)).map { $0 == 0 ? hash : "\(hash):\($0 + 1)" }
            let parent = hash == root ? nil : row.llmNonEmptyText("parent_hash")
            nodes[hash] = Node(parent: parent, role: role, parts: parts, sourceIDs: sourceIDs)
            order.append(hash)
        }
        let turns = try self.turns(db, threads: threads, nodes: nodes)
        let times = Self.times(turns: turns, threads: threads, nodes: nodes)
        var turnByTip: [String: Turn] = [:]
        var modelByMessage: [String: String] = [:]
        for turn in turns {
            if turnByTip[turn.tip] == nil { turnByTip[turn.tip] = turn }
            guard let model = turn.row.llmNonEmptyText("model") ?? turn.row.llmNonEmptyText("resolved_model")
            else { continue }
            var hash: String? = turn.tip
            while let current = hash, current != turn.parent, let node = nodes[current],
                modelByMessage[current] == nil
            {
                if node.role == .assistant { modelByMessage[current] = model }
                hash = node.parent
            }
        }
        var messages: [ImportedMessage] = []
        for hash in order {
            guard let node = nodes[hash] else { continue }
            let parentID = node.parent.flatMap { nodes[$0]?.sourceIDs.last }
            messages += Self.messages(
                of: node, parentID: parentID, parentCalls: node.parent.flatMap { nodes[$0]?.parts.toolCalls } ?? [],
                createdAt: times[hash], model: modelByMessage[hash], turn: turnByTip[hash])
        }
        let oldest = threads.first
        let newest = threads.max { LLMThreadForest.isOlder($0, $1) }
        let lastTurn = turns.last
        return ImportedConversation(
            source: ImportFormat.llm.rawValue, sourceID: oldest?.id ?? root, title: oldest?.name ?? "",
            model: lastTurn.flatMap { $0.row.llmNonEmptyText("model") ?? $0.row.llmNonEmptyText("resolved_model") },
            createdAt: oldest?.createdAt ?? messages.compactMap(\.createdAt).min(),
            updatedAt: lastTurn?.createdAt, headSourceID: newest.flatMap { nodes[$0.tip]?.sourceIDs.last },
            messages: messages)
    }

    /// The turns of the tree's threads whose tips are in the tree, oldest first.
    private func turns(_ db: Database, threads: [LLMThreadForest.Thread], nodes: [String: Node]) throws -> [Turn] {
        let columns = [
            "id", "parent_message_hash", "tip_message_hash", "model", "resolved_model", "input_tokens",
            "output_tokens", "token_details", "duration_ms", "datetime_utc", "response_json",
        ]
        let sql = "SELECT \(schema.selectList(columns, of: "turns")) FROM turns WHERE thread_id = ?"
        var turns: [Turn] = []
        for thread in threads {
            for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [thread.id]) {
                guard let id = row.llmNonEmptyText("id"), let tip = row.llmNonEmptyText("tip_message_hash"),
                    nodes[tip] != nil
                else { continue }
                turns.append(
                    Turn(
                        id: id, parent: row.llmNonEmptyText("parent_message_hash"), tip: tip,
                        createdAt: row.llmText("datetime_utc").flatMap(ExportTime.milliseconds(iso:)), row: row))
            }
        }
        return turns.sorted { a, b in
            switch (a.createdAt, b.createdAt) {
            case let (x?, y?) where x != y: x < y
            case (_?, nil): true
            case (nil, _?): false
            default: a.id < b.id
            }
        }
    }

    /// Each message's time: walking up from each turn's tip (oldest turn first), then each thread's tip, a
    /// message takes the first time that reaches it; a walk stops at a message already timed, whose
    /// ancestors an earlier walk timed, so the whole is linear in the tree.
    private static func times(
        turns: [Turn], threads: [LLMThreadForest.Thread], nodes: [String: Node]
    ) -> [String: Int64] {
        var times: [String: Int64] = [:]
        let walks =
            turns.compactMap { turn in turn.createdAt.map { (turn.tip, $0) } }
            + threads.compactMap { thread in thread.createdAt.map { (thread.tip, $0) } }
        for (tip, time) in walks {
            var hash: String? = tip
            while let current = hash, times[current] == nil, let node = nodes[current] {
                times[current] = time
                hash = node.parent
            }
        }
        return times
    }

    /// The node's Parley messages: its tool results as role `tool` messages (a result without a call id takes
    /// the id of the parent's call at its position), then its other parts as one message of its role.
    private static func messages(
        of node: Node, parentID: String?, parentCalls: [JSONValue], createdAt: Int64?, model: String?, turn: Turn?
    ) -> [ImportedMessage] {
        var messages: [ImportedMessage] = []
        var parent = parentID
        for (index, result) in node.parts.toolResults.enumerated() {
            let sourceID = node.sourceIDs[min(index, node.sourceIDs.count - 1)]
            let callID =
                result.callID ?? (index < parentCalls.count ? parentCalls[index]["id"]?.stringValue : nil)
                ?? "call_\(sourceID)"
            messages.append(
                ImportedMessage(
                    sourceID: sourceID, parentSourceID: parent, role: .tool, content: result.content,
                    toolCallID: callID, name: result.name, createdAt: createdAt))
            parent = sourceID
        }
        guard node.parts.toolResults.isEmpty || !node.parts.isEmpty, let sourceID = node.sourceIDs.last else {
            return messages
        }
        let parts = node.parts
        let isAnswer = node.role == .assistant
        let unanswered = isAnswer && !parts.answers
        messages.append(
            ImportedMessage(
                sourceID: sourceID, parentSourceID: parent, role: node.role, content: parts.content,
                reasoningContent: parts.reasoningContent,
                toolCalls: parts.toolCalls.isEmpty ? nil : .array(parts.toolCalls),
                toolCallID: node.role == .tool ? "call_\(sourceID)" : nil, model: isAnswer ? model : nil,
                finishReason: turn.flatMap { LLMUsage.finishReason(responseJSON: $0.row.llmText("response_json")) },
                status: unanswered ? .interrupted : .complete, createdAt: createdAt,
                usage: turn.flatMap {
                    LLMUsage.usage(
                        inputTokens: $0.row.llmInteger("input_tokens"),
                        outputTokens: $0.row.llmInteger("output_tokens"),
                        tokenDetails: $0.row.llmText("token_details"),
                        durationMilliseconds: $0.row.llmInteger("duration_ms"))
                }))
        return messages
    }
}
