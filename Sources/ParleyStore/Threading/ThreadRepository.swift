import GRDB
import ParleyCore

/// Places stateless chat requests (a frontend resending the whole history with every turn) into the
/// conversation tree, so each exchange lands once, on the branch it continues.
///
/// The ids a frontend names come first; otherwise the request's messages are walked down the tree from the
/// roots, and the new tail attaches to the longest stored branch they match. Matching and appending happen in
/// one write transaction, so two requests with the same history at once store it once.
public struct ThreadRepository: Sendable {
    let store: ParleyStore

    public func place(_ request: ThreadRequest) async throws(ParleyError) -> ThreadPlacement {
        guard !request.messages.isEmpty else {
            throw .invalidValue(field: "messages", value: "[]", rule: "must hold at least one message")
        }
        try FieldRules.source(request.source)
        for (index, message) in request.messages.enumerated() {
            do {
                try Self.newMessage(message, conversationID: EntityID.generate(), parent: nil, source: request.source)
                    .validate()
            } catch let .invalidValue(field, value, rule) {
                throw .invalidValue(field: "messages[\(index)].\(field)", value: value, rule: rule)
            }
        }
        var newConversation = request.newConversation
        newConversation.id = request.conversationID
        newConversation.source = request.source
        let checked = try ConversationRepository.checked(newConversation)
        let clock = store.clock
        return try await store.write { db in
            try Threader(db: db, clock: clock, request: request, newConversation: checked).place()
        }
    }

    /// The newest live answer under `parentID` that `source` was given, for a retry of the request that asked
    /// for it: the frontend never saw it, and asking again would store a second one.
    public func newestAnswer(under parentID: EntityID, source: String?) async throws(ParleyError) -> Message? {
        try await store.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(MessageRow.columns) FROM message
                    WHERE parent_id = ? AND role = 'assistant' AND deleted = 0 AND source IS ?
                    ORDER BY created_at DESC, row_id DESC LIMIT 1
                    """,
                arguments: [parentID.rawValue, source]
            ).map(MessageRow.decode)
        }
    }

    static func newMessage(
        _ message: ThreadMessage, conversationID: EntityID, parent: EntityID?, source: String?, id: EntityID? = nil
    ) -> NewMessage {
        NewMessage(
            id: id, conversationID: conversationID, role: message.role, content: message.content,
            parent: parent.map(ParentChoice.message) ?? .root, reasoningContent: message.reasoningContent,
            toolCalls: message.toolCalls, toolCallID: message.toolCallID, name: message.name, source: source)
    }
}

/// One placement inside its write transaction.
private struct Threader {
    let db: Database
    let clock: HybridLogicalClock
    let request: ThreadRequest
    let newConversation: ConversationRepository.CheckedConversation

    /// The expression `message_by_parent` indexes: the text's first 64 characters once the white space
    /// around it is trimmed (as ``ThreadMessage/matches(_:)`` trims it).
    private static func indexedPrefix(_ text: String) -> String {
        "substr(trim(\(text), char(32, 9, 10, 13)), 1, 64)"
    }

    /// Parents per query when descending a level: far below SQLite's limit on bound values.
    private static let parentsPerQuery = 500

    func place() throws -> ThreadPlacement {
        var conversation = try request.conversationID.flatMap { try liveConversation($0) }
        var created = false
        if request.conversationID != nil, conversation == nil {
            conversation = try ConversationRepository.insert(db, newConversation, clock: clock)
            created = true
        }
        if let turnID = request.turnID, let turn = try MessageRow.fetch(db, id: turnID), !turn.deleted {
            return try placeOnNamedTurn(turn, conversation: conversation)
        }
        if let parentID = request.parentID, let parent = try MessageRow.fetch(db, id: parentID), !parent.deleted,
            conversation == nil || parent.conversationID == conversation?.id
        {
            let owner = try conversation ?? ConversationRow.fetchLive(db, id: parent.conversationID)
            return try placeUnder(parent, conversation: owner, created: created)
        }
        return try placeByText(conversation: conversation, created: created)
    }

    private func liveConversation(_ id: EntityID) throws -> Conversation? {
        guard let found = try ConversationRow.fetch(db, id: id) else { return nil }
        guard !found.deleted else { throw ParleyError.notFound(entity: "conversation", id: id.rawValue) }
        return found
    }

    /// The request's last message is already stored under the id it names: its answer is asked for again.
    private func placeOnNamedTurn(_ turn: Message, conversation: Conversation?) throws -> ThreadPlacement {
        if let conversation, conversation.id != turn.conversationID {
            throw ParleyError.invalidValue(
                field: "turn", value: turn.id.rawValue,
                rule: "must be a message of conversation \(conversation.id) (it belongs to \(turn.conversationID))")
        }
        let owner = try conversation ?? ConversationRow.fetchLive(db, id: turn.conversationID)
        let path = try branch(to: turn)
        return ThreadPlacement(
            conversation: owner, created: false, leafID: turn.id, appended: [],
            stored: Self.alignedFromEnd(request.messages.count, path))
    }

    /// The frontend named the message its new turn answers: the turn (the trailing messages that are not the
    /// assistant's) goes under it, and the history before is taken as that message's branch.
    private func placeUnder(_ parent: Message, conversation: Conversation, created: Bool) throws -> ThreadPlacement {
        let messages = request.messages
        var turnStart = messages.count - 1
        while turnStart > 0, messages[turnStart - 1].role != .assistant { turnStart -= 1 }
        var stored = Self.alignedFromEnd(turnStart, try branch(to: parent))
        let (tail, appended) = try descend(
            from: parent, through: messages[turnStart...], conversationID: conversation.id)
        stored += tail.map(Optional.some)
        return ThreadPlacement(
            conversation: try ConversationRow.fetchLive(db, id: conversation.id), created: created,
            leafID: tail.last?.id, appended: appended, stored: stored)
    }

    /// No usable ids: the longest stored branch whose messages are the request's first ones.
    private func placeByText(conversation: Conversation?, created: Bool) throws -> ThreadPlacement {
        let messages = request.messages
        var levels: [[Message]] = []
        var current = try roots(matching: messages[0], in: conversation?.id)
        while !current.isEmpty {
            levels.append(current)
            guard levels.count < messages.count else { break }
            current = try children(of: current, matching: messages[levels.count])
        }
        var matched: [Message] = []
        if let deepest = levels.last?.max(by: { Self.isOlder($0, than: $1) }) {
            matched = [deepest]
            for level in levels.dropLast().reversed() {
                guard let parentID = matched[0].parentID, let parent = level.first(where: { $0.id == parentID })
                else { break }
                matched.insert(parent, at: 0)
            }
        }
        var ownerID = conversation?.id ?? matched.first?.conversationID
        var isNew = created
        if ownerID == nil {
            ownerID = try ConversationRepository.insertRow(db, newConversation, clock: clock)
            isNew = true
        }
        guard let ownerID else { throw ParleyError.notFound(entity: "conversation", id: "") }
        let (tail, appended) = try append(messages[matched.count...], under: matched.last, conversationID: ownerID)
        let stored = (matched + tail).map(Optional.some)
        return ThreadPlacement(
            conversation: try ConversationRow.fetchLive(db, id: ownerID), created: isNew,
            leafID: stored.last??.id, appended: appended, stored: stored)
    }

    /// Walks `messages` down from `parent`, reusing a child that matches and appending from the first that
    /// does not.
    private func descend(
        from parent: Message, through messages: ArraySlice<ThreadMessage>, conversationID: EntityID
    ) throws -> (all: [Message], appended: [Message]) {
        var path: [Message] = []
        var at = parent
        var index = messages.startIndex
        while index < messages.endIndex,
            let child = try children(of: [at], matching: messages[index]).max(by: { Self.isOlder($0, than: $1) })
        {
            path.append(child)
            at = child
            index += 1
        }
        let (tail, appended) = try append(messages[index...], under: at, conversationID: conversationID)
        return (path + tail, appended)
    }

    /// Stores `messages` as a chain under `parent` (a new root when nil), the last under the named turn id.
    private func append(
        _ messages: ArraySlice<ThreadMessage>, under parent: Message?, conversationID: EntityID
    ) throws -> (all: [Message], appended: [Message]) {
        let writer = MessageWriter(clock: clock)
        var appended: [Message] = []
        var parentID = parent?.id
        for index in messages.indices {
            let id = index == messages.endIndex - 1 ? request.turnID : nil
            let message = try writer.append(
                db,
                ThreadRepository.newMessage(
                    messages[index], conversationID: conversationID, parent: parentID, source: request.source, id: id))
            appended.append(message)
            parentID = message.id
        }
        return (appended, appended)
    }

    private func roots(matching message: ThreadMessage, in conversationID: EntityID?) throws -> [Message] {
        var sql = """
            SELECT \(MessageRow.qualifiedColumns) FROM message
            JOIN conversation ON conversation.id = message.conversation_id AND conversation.deleted = 0
            WHERE message.parent_id IS NULL AND message.role = ?
                AND \(Self.indexedPrefix("message.content_text")) = \(Self.indexedPrefix("?"))
                AND message.deleted = 0
            """
        var arguments: StatementArguments = [message.role.rawValue, message.indexedText]
        if let conversationID {
            sql += " AND message.conversation_id = ?"
            arguments += [conversationID.rawValue]
        }
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(MessageRow.decode)
            .filter { message.matches($0) }
    }

    private func children(of parents: [Message], matching message: ThreadMessage) throws -> [Message] {
        var found: [Message] = []
        var start = 0
        while start < parents.count {
            let batch = parents[start..<min(start + Self.parentsPerQuery, parents.count)]
            start += batch.count
            let marks = Array(repeating: "?", count: batch.count).joined(separator: ", ")
            var arguments = StatementArguments(batch.map(\.id.rawValue))
            arguments += [message.role.rawValue, message.indexedText]
            found += try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(MessageRow.columns) FROM message
                        WHERE parent_id IN (\(marks)) AND role = ?
                            AND \(Self.indexedPrefix("content_text")) = \(Self.indexedPrefix("?")) AND deleted = 0
                        """),
                arguments: arguments
            ).map(MessageRow.decode).filter { message.matches($0) }
        }
        return found
    }

    /// The live branch from the root to `leaf`, in order.
    private func branch(to leaf: Message) throws -> [Message] {
        var path = [leaf]
        var visited: Set<EntityID> = [leaf.id]
        while let parentID = path[0].parentID, visited.insert(parentID).inserted,
            let parent = try MessageRow.fetch(db, id: parentID)
        {
            path.insert(parent, at: 0)
        }
        return path.filter { !$0.deleted }
    }

    /// The stored message for each of `count` request messages, lined up at the end of `path`.
    private static func alignedFromEnd(_ count: Int, _ path: [Message]) -> [Message?] {
        let shared = min(count, path.count)
        return Array(repeating: nil, count: count - shared) + path.suffix(shared).map(Optional.some)
    }

    /// Which of two candidates is older; the newest wins a tie in depth (the branch the user saw last).
    private static func isOlder(_ a: Message, than b: Message) -> Bool {
        (a.createdAt, a.id.rawValue) < (b.createdAt, b.id.rawValue)
    }
}
