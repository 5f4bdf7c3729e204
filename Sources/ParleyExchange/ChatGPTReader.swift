import ParleyCore
import ParleyStore

/// Reads one conversation of ChatGPT's data export (an element of `conversations.json`).
///
/// ChatGPT keeps a conversation as a tree of nodes, many of which are nothing a person saw: the
/// `client-created-root`, hidden system and custom-instruction nodes, empty `[""]` placeholders before the
/// real reply, "Thought for 17s" recaps. Those are left out and their children attached to the nearest kept
/// ancestor, so an edited first message, which ChatGPT branches below the hidden nodes, becomes a second root.
/// A `thoughts` node becomes the reasoning of the next assistant message below it. A node whose message is
/// damaged is left out the same way; a broken tree (a parent missing from the mapping, a cycle) fails the
/// conversation, since no branch of it can be trusted.
enum ChatGPTReader: JSONConversationReader {
    static let format = ImportFormat.chatgpt

    /// An object with a `mapping` of ChatGPT nodes (messages with an `author`) and a ChatGPT conversation
    /// field. DeepSeek's web export also has a `mapping`, but its messages hold `fragments`, not an `author`.
    static func recognizes(_ element: JSONValue) -> Bool {
        guard let object = element.objectValue, let mapping = object["mapping"]?.objectValue,
            object["current_node"] != nil || object["create_time"] != nil || object["default_model_slug"] != nil
        else { return false }
        var messages = 0
        var authored = 0
        for node in mapping.values {
            guard let message = node["message"]?.objectValue else { continue }
            if message["fragments"] != nil { return false }
            messages += 1
            if message["author"]?.objectValue != nil { authored += 1 }
        }
        return messages == 0 || authored > 0
    }

    static func conversation(from element: JSONValue) throws(ImportItemFailure) -> ImportedConversation {
        guard let object = element.objectValue else {
            throw ImportItemFailure("a ChatGPT conversation must be an object, not \(describe(element))")
        }
        guard let id = object["conversation_id"]?.nonEmptyString ?? object["id"]?.nonEmptyString else {
            throw ImportItemFailure(
                "the conversation has neither conversation_id (\(describe(object["conversation_id"]))) nor id "
                    + "(\(describe(object["id"]))) as a non-empty string, and it needs one to be imported again")
        }
        let defaultModel = object["default_model_slug"]?.nonEmptyString
        var conversation = ImportedConversation(
            source: format.rawValue, sourceID: id, title: object["title"]?.stringValue ?? "", model: defaultModel,
            createdAt: time(object["create_time"]), updatedAt: time(object["update_time"]),
            pinned: object["is_starred"]?.boolValue == true, archived: object["is_archived"]?.boolValue == true)
        let mapping: [String: JSONValue]
        switch object["mapping"] {
        case nil, .null?:
            return conversation
        case let .object(value)?:
            mapping = value
        case let other?:
            throw ImportItemFailure("mapping is \(describe(other)), but must be an object of nodes by id")
        }
        let tree = try ChatGPTTree(mapping: mapping)
        conversation.messages = messages(of: tree, defaultModel: defaultModel)
        if let current = object["current_node"]?.nonEmptyString {
            conversation.headSourceID = keptAncestor(
                of: current, in: tree, kept: Set(conversation.messages.map(\.sourceID)))
        }
        return conversation
    }

    // MARK: - Walking the tree

    /// Reasoning from `thoughts` nodes waiting for the assistant message it belongs to.
    private struct PendingReasoning {
        /// The first `thoughts` node's id, used if no answer follows and the reasoning stands on its own.
        var sourceID: String
        var parentSourceID: String?
        var text: String
        var createdAt: Int64?
        var model: String?
    }

    /// What a node's descendants inherit from the path above them.
    private struct PathState {
        /// The nearest kept ancestor: the parent of the next kept message.
        var parent: String?
        var reasoning: PendingReasoning?
        /// The nearest tool call above in this turn (a user message starts a new turn), which a tool result
        /// answers.
        var call: (id: String, name: String)?
    }

    /// Every kept message, each parent before its children, walking with a stack (a chain can be thousands
    /// of nodes deep).
    private static func messages(of tree: ChatGPTTree, defaultModel: String?) -> [ImportedMessage] {
        var messages: [ImportedMessage] = []
        var standalone: Set<String> = []
        /// Keeps reasoning that no answer took as an interrupted answer of its own (once, though several
        /// branches below it may end without an answer) and returns its id.
        func keepAlone(_ reasoning: PendingReasoning) -> String {
            if standalone.insert(reasoning.sourceID).inserted {
                messages.append(
                    ImportedMessage(
                        sourceID: reasoning.sourceID, parentSourceID: reasoning.parentSourceID, role: .assistant,
                        content: .text(""), reasoningContent: reasoning.text, model: reasoning.model,
                        status: .interrupted, createdAt: reasoning.createdAt))
            }
            return reasoning.sourceID
        }
        var stack = tree.roots.reversed().map { ($0, PathState()) }
        while let (id, above) = stack.popLast() {
            var state = above
            switch role(ofNode: id, tree.nodes[id] ?? [:], defaultModel: defaultModel) {
            case .skipped:
                break
            case let .thoughts(text, createdAt, model):
                if state.reasoning != nil {
                    state.reasoning?.text += "\n\n" + text
                } else {
                    state.reasoning = PendingReasoning(
                        sourceID: id, parentSourceID: state.parent, text: text, createdAt: createdAt, model: model)
                }
            case var .message(message):
                if let reasoning = state.reasoning {
                    if message.role == .assistant {
                        message.reasoningContent = reasoning.text
                    } else {
                        state.parent = keepAlone(reasoning)
                    }
                    state.reasoning = nil
                }
                message.parentSourceID = state.parent
                switch message.role {
                case .user:
                    state.call = nil
                case .tool:
                    message.toolCallID = state.call?.id ?? callID(of: id)
                    if message.name == nil { message.name = state.call?.name }
                default:
                    if let name = message.toolCalls?.arrayValue?.first?["function"]?["name"]?.stringValue {
                        state.call = (callID(of: id), name)
                    }
                }
                messages.append(message)
                state.parent = id
            }
            let children = tree.children(of: id)
            if children.isEmpty, let reasoning = state.reasoning { _ = keepAlone(reasoning) }
            stack.append(contentsOf: children.reversed().map { ($0, state) })
        }
        return messages
    }

    /// `id` if it was kept, else its nearest kept ancestor; nil if it is not in the tree or nothing above it
    /// was kept.
    private static func keptAncestor(of id: String, in tree: ChatGPTTree, kept: Set<String>) -> String? {
        guard tree.nodes[id] != nil else { return nil }
        var current: String? = id
        while let node = current, !kept.contains(node) { current = tree.parent(of: node) }
        return current
    }
}
