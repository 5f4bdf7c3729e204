import Foundation
import ParleyCore

/// An imported conversation made ready to store: checked by the rules every write meets, given Parley ids
/// derived from its source ids, its messages put parents first, its times filled in and its head chosen.
///
/// Planning reads no database, so a batch is planned off the writer thread and the write transaction only
/// inserts.
struct ImportPlan: Sendable {
    var conversation: Conversation
    /// Parents before children.
    var messages: [Message]
    var usage: [UsageRecord]

    /// The longest title made from a first message.
    static let derivedTitleLength = 80

    /// The id an imported conversation is stored under: the same for every import of it on every machine.
    static func conversationID(source: String, sourceID: String) -> EntityID {
        EntityID.nameBased("parley import\n\(source)\n\(sourceID)")
    }

    static func messageID(_ conversation: EntityID, _ sourceID: String) -> EntityID {
        EntityID.nameBased("parley import message\n\(conversation.rawValue)\n\(sourceID)")
    }

    static func usageID(_ message: EntityID) -> EntityID {
        EntityID.nameBased("parley import usage\n\(message.rawValue)")
    }

    /// Throws ``ParleyError/invalidValue(field:value:rule:)`` naming the message and field at fault.
    init(_ imported: ImportedConversation, clock: HybridLogicalClock) throws(ParleyError) {
        try FieldRules.source(imported.source)
        try FieldRules.sourceID(imported.sourceID)
        guard !imported.messages.isEmpty else {
            throw .invalidValue(field: "messages", value: "[]", rule: "must hold at least one message")
        }
        let id = Self.conversationID(source: imported.source, sourceID: imported.sourceID)
        let order = try Self.parentsFirst(imported.messages)
        let stamp = clock.now()
        let knownTimes = imported.messages.compactMap(\.createdAt).filter { $0 >= 0 }
        let createdAt = imported.createdAt.flatMap { $0 >= 0 ? $0 : nil } ?? knownTimes.min() ?? stamp.milliseconds

        var times: [String: Int64] = [:]
        var messages: [Message] = []
        var usage: [UsageRecord] = []
        messages.reserveCapacity(order.count)
        for index in order {
            let source = imported.messages[index]
            let field = "messages[\(source.sourceID)]"
            let parentTime = source.parentSourceID.flatMap { times[$0] } ?? createdAt
            let time = source.createdAt.flatMap { $0 >= 0 ? $0 : nil } ?? parentTime
            times[source.sourceID] = time
            let messageID = Self.messageID(id, source.sourceID)
            let model = try source.model.map { model throws(ParleyError) in
                try FieldRules.model(model, field: field + ".model")
            }
            let message = Message(
                id: messageID, conversationID: id,
                parentID: source.parentSourceID.map { Self.messageID(id, $0) }, role: source.role,
                content: source.content, reasoningContent: source.reasoningContent, toolCalls: source.toolCalls,
                toolCallID: source.toolCallID, name: source.name, model: model, finishReason: source.finishReason,
                source: imported.source, sourceID: source.sourceID, status: source.status, createdAt: time,
                updatedAt: time, hlc: clock.now())
            try SyncRecordRules.validate(.message(message), field: field)
            try FieldRules.sourceID(source.sourceID, field: field + ".source_id")
            messages.append(message)
            if let tokens = source.usage {
                let record = UsageRecord(
                    id: Self.usageID(messageID), conversationID: id, messageID: messageID,
                    model: model ?? imported.model ?? Conversation.defaultModel, promptTokens: tokens.promptTokens,
                    completionTokens: tokens.completionTokens,
                    totalTokens: tokens.totalTokens ?? tokens.promptTokens &+ tokens.completionTokens,
                    promptCacheHitTokens: tokens.promptCacheHitTokens,
                    promptCacheMissTokens: tokens.promptCacheMissTokens, reasoningTokens: tokens.reasoningTokens,
                    cost: nil, discount: nil, priceTable: nil, latencyMilliseconds: tokens.latencyMilliseconds,
                    requestID: nil, createdAt: time, hlc: clock.now())
                try SyncRecordRules.validate(.usage(record), field: field)
                usage.append(record)
            }
        }
        let head = Self.head(imported, messages: messages, conversation: id)
        let newest = max(imported.updatedAt ?? 0, times.values.max() ?? 0, createdAt)
        let tags = try FieldRules.tags(imported.tags)
        let conversationModel = try Self.conversationModel(imported.model)
        let title = try FieldRules.title(Self.title(imported, messages: messages, head: head))
        conversation = Conversation(
            id: id, title: title, model: conversationModel, settings: GenerationSettings(), tags: tags,
            pinned: imported.pinned, archived: imported.archived, headMessageID: head, deleted: false,
            source: imported.source, sourceID: imported.sourceID, createdAt: createdAt, updatedAt: newest,
            hlc: stamp)
        self.messages = messages
        self.usage = usage
    }

    /// The stamps of a conversation stored by an import: every field set at once.
    var stamps: ConversationFieldStamps {
        let stamp = conversation.hlc
        return ConversationFieldStamps(
            title: stamp, model: stamp, settings: stamp, tags: stamp, pinned: stamp, archived: stamp, head: stamp,
            deleted: stamp)
    }

    // MARK: - The tree

    /// Indices of `messages` with every parent before its children, siblings oldest first (ties in the
    /// export's order). A duplicate id, a parent that is not in the conversation, or a cycle is refused.
    private static func parentsFirst(_ messages: [ImportedMessage]) throws(ParleyError) -> [Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(messages.count)
        for (position, message) in messages.enumerated() {
            guard index.updateValue(position, forKey: message.sourceID) == nil else {
                throw .invalidValue(
                    field: "messages[\(message.sourceID)]", value: message.sourceID,
                    rule: "is the id of more than one message")
            }
        }
        var children: [Int: [Int]] = [:]
        var roots: [Int] = []
        for (position, message) in messages.enumerated() {
            guard let parent = message.parentSourceID else {
                roots.append(position)
                continue
            }
            guard let parentPosition = index[parent] else {
                throw .invalidValue(
                    field: "messages[\(message.sourceID)].parent", value: parent,
                    rule: "must be a message of the same conversation")
            }
            children[parentPosition, default: []].append(position)
        }
        func byTime(_ positions: [Int]) -> [Int] {
            positions.sorted { (messages[$0].createdAt ?? .min, $0) < (messages[$1].createdAt ?? .min, $1) }
        }
        var order: [Int] = []
        order.reserveCapacity(messages.count)
        var stack = byTime(roots).reversed() as [Int]
        while let position = stack.popLast() {
            order.append(position)
            stack.append(contentsOf: byTime(children[position] ?? []).reversed())
        }
        guard order.count == messages.count else {
            let reached = Set(order)
            let cut = messages.indices.first { !reached.contains($0) } ?? 0
            throw .invalidValue(
                field: "messages[\(messages[cut].sourceID)].parent", value: messages[cut].parentSourceID ?? "",
                rule: "must not lead back to the message itself (the parents form a cycle)")
        }
        return order
    }

    /// The export's current node when it names a message, else the newest leaf (the last of equally new ones).
    private static func head(
        _ imported: ImportedConversation, messages: [Message], conversation: EntityID
    ) -> EntityID? {
        if let named = imported.headSourceID, imported.messages.contains(where: { $0.sourceID == named }) {
            return messageID(conversation, named)
        }
        let parents = Set(messages.compactMap(\.parentID))
        var newest: Message?
        for message in messages where !parents.contains(message.id) {
            if message.createdAt >= newest?.createdAt ?? .min { newest = message }
        }
        return newest?.id
    }

    // MARK: - Fields

    /// The export's model when Parley can go on with it (DeepSeek's own), else Parley's default: the
    /// conversation's model is what the next message is sent to. Each message keeps the model it was written by.
    private static func conversationModel(_ model: String?) throws(ParleyError) -> String {
        guard let model, model.hasPrefix("deepseek-") else { return Conversation.defaultModel }
        return try FieldRules.model(model)
    }

    /// The export's title on one line, or the first line of the first user message on the current branch.
    private static func title(_ imported: ImportedConversation, messages: [Message], head: EntityID?) -> String {
        let given = oneLine(imported.title)
        if !given.isEmpty { return String(given.prefix(FieldRules.maximumTitleLength)) }
        let byID = Dictionary(messages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var branch: [Message] = []
        var cursor = head.flatMap { byID[$0] }
        while let message = cursor, branch.count <= messages.count {
            branch.append(message)
            cursor = message.parentID.flatMap { byID[$0] }
        }
        guard
            let first = branch.reversed().first(where: { $0.role == .user })
                ?? messages.first(where: { $0.role == .user })
        else { return "" }
        let line = oneLine(first.content.searchableText)
        guard line.count > derivedTitleLength else { return line }
        return String(line.prefix(derivedTitleLength - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// Runs of spaces, line ends and control characters become single spaces.
    private static func oneLine(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
