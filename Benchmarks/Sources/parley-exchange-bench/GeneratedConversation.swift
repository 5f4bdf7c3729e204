/// One conversation of the generated ChatGPT export, before it is written as JSON or turned into an
/// ``ImportedConversation``: both are made from this, so the file and the anchor hold the same messages.
struct GeneratedConversation {
    struct Node {
        var id: String
        /// Nil for the first user message, which hangs below the hidden system node in the file.
        var parent: String?
        var isAssistant: Bool
        var text: String
        /// Milliseconds since 1970; written as seconds with three decimals, which read back exactly.
        var createdAt: Int64
        var requestID: String
    }

    var id: String
    var title: String
    var model: String
    var createdAt: Int64
    var updatedAt: Int64
    /// Parents before children.
    var nodes: [Node]
    /// The leaf of the current branch.
    var currentNode: String
}

/// Draws the conversations of an export of `messages` messages from a seed: chats of varying length
/// (averaging `messagesPerConversation`), short questions and longer answers, and branches where an answer
/// was regenerated (10% of answers) or a question edited and asked again (3% of questions), the chat going on
/// from the newer one, as ChatGPT keeps them.
struct ConversationSource: Sequence, IteratorProtocol {
    private var random: SeededRandom
    private let prose: Prose
    private var remaining: Int
    private let messagesPerConversation: Int
    private var index = 0
    private static let models = ["gpt-4o", "gpt-4o", "gpt-4o", "gpt-4o-mini", "o1-mini"]

    init(messages: Int, messagesPerConversation: Int, seed: UInt64 = 0x5EED_C4A7) {
        random = SeededRandom(seed: seed)
        prose = Prose(seed: seed ^ 0xC0FFEE)
        remaining = messages
        self.messagesPerConversation = Swift.max(2, messagesPerConversation)
    }

    mutating func next() -> GeneratedConversation? {
        guard remaining > 0 else { return nil }
        let count = Swift.min(remaining, random.int(in: 2...(2 * messagesPerConversation - 2)))
        remaining -= count
        index += 1
        let start = 1_700_000_000_000 + Int64(index) * 3_600_000 + Int64(random.int(in: 0...999_999))
        let model = Self.models[random.int(in: 0...Self.models.count - 1)]
        var time = start
        var nodes: [GeneratedConversation.Node] = []
        var parent: String?
        /// The parent of the last question, for an edited question to hang beside it.
        var questionParent: String?
        func add(assistant: Bool, below: String?) -> String {
            time += Int64(random.int(in: 5_000...120_000))
            let length = assistant ? random.int(in: 100...1_600) : random.int(in: 50...400)
            let node = GeneratedConversation.Node(
                id: random.uuid(), parent: below, isAssistant: assistant,
                text: prose.text(length: length, using: &random), createdAt: time,
                requestID: String(random.next(), radix: 16) + "-IAD")
            nodes.append(node)
            return node.id
        }
        while nodes.count < count {
            if nodes.last?.isAssistant ?? true {
                if !nodes.isEmpty, nodes.count + 2 <= count, random.chance(3) {
                    parent = add(assistant: true, below: add(assistant: false, below: questionParent))
                    continue
                }
                questionParent = parent
                parent = add(assistant: false, below: parent)
            } else {
                let question = parent
                if nodes.count + 2 <= count, random.chance(10) { _ = add(assistant: true, below: question) }
                parent = add(assistant: true, below: question)
            }
        }
        return GeneratedConversation(
            id: random.uuid(), title: prose.text(length: 24, using: &random).prefix(60).description, model: model,
            createdAt: start, updatedAt: time, nodes: nodes, currentNode: parent ?? nodes[nodes.count - 1].id)
    }
}
