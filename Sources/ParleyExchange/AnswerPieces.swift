import ParleyCore
import ParleyStore

/// One exported answer whose pieces interleave text, thinking, tool calls and tool results (Claude's content
/// blocks, Open WebUI's `output[]`), split in their order into the messages the chat API would have:
/// assistant(calls, with the text before them) → tool results → … → assistant(final text).
///
/// Ids are stable: `"<id>"` for the first message, `"<id>:1"`, `"<id>:2"`… after it, each the parent of the
/// next, so the answer's children hang from its last piece.
///
/// ```swift
/// var answer = AnswerPieces(id: "m1")
/// answer.addText("Let me look.")
/// answer.addCall(id: "call_1", name: "search", arguments: "{\"q\":\"swift\"}")
/// answer.addResult(callID: "call_1", content: .text("3 hits"))
/// answer.addText("Found 3.")
/// let messages = answer.finish(keepingEmptyLast: false)  // m1 (call), m1:1 (tool), m1:2 (text)
/// ```
struct AnswerPieces {
    let id: String
    private(set) var messages: [ImportedMessage] = []
    private var texts: [String] = []
    private var thoughts: [String] = []
    private var calls: [JSONValue] = []
    private var extras: [JSONValue] = []
    private var toolNames: [String: String] = [:]
    private var unanswered: [String] = []

    init(id: String) {
        self.id = id
    }

    /// The id the next message gets.
    var nextID: String { messages.isEmpty ? id : "\(id):\(messages.count)" }

    private var turnIsEmpty: Bool { texts.isEmpty && thoughts.isEmpty && calls.isEmpty && extras.isEmpty }

    /// Text after a call belongs to the next assistant message, so the calls keep only the text before them.
    mutating func addText(_ text: String) {
        if !calls.isEmpty { closeTurn() }
        if !text.isEmpty { texts.append(text) }
    }

    mutating func addThought(_ text: String) {
        if !calls.isEmpty { closeTurn() }
        if !text.isEmpty { thoughts.append(text) }
    }

    /// A piece that is neither text nor tool use, already a part with a namespaced `type`.
    mutating func addExtra(_ part: JSONValue) {
        extras.append(part)
    }

    mutating func addCall(id callID: String, name: String, arguments: String) {
        toolNames[callID] = name
        unanswered.append(callID)
        calls.append(.functionCall(id: callID, name: name, arguments: arguments))
    }

    /// A tool's result as a role `tool` message. Without a `callID` it answers the oldest call still without
    /// a result, else it gets one derived from its own id; `name` is the call's tool, else `fallbackName`.
    mutating func addResult(callID: String?, content: MessageContent, fallbackName: String? = nil, failed: Bool = false)
    {
        if !turnIsEmpty { closeTurn() }
        let sourceID = nextID
        let answered = callID ?? unanswered.first ?? "call_\(sourceID)"
        unanswered.removeAll { $0 == answered }
        messages.append(
            ImportedMessage(
                sourceID: sourceID, parentSourceID: messages.last?.sourceID, role: .tool, content: content,
                toolCallID: answered, name: toolNames[answered] ?? fallbackName, status: failed ? .error : .complete))
    }

    /// Every message; the last assistant message is left out when it would be empty, unless `keepingEmptyLast`
    /// (a cut-off or failed answer still needs a message to say so) or there is no message at all.
    mutating func finish(keepingEmptyLast: Bool) -> [ImportedMessage] {
        if !turnIsEmpty || keepingEmptyLast || messages.isEmpty { closeTurn() }
        return messages
    }

    private mutating func closeTurn() {
        let reasoning = thoughts.joined(separator: "\n\n")
        messages.append(
            ImportedMessage(
                sourceID: nextID, parentSourceID: messages.last?.sourceID, role: .assistant,
                content: .exported(text: texts.joined(separator: "\n\n"), pieces: extras),
                reasoningContent: reasoning.isEmpty ? nil : reasoning,
                toolCalls: calls.isEmpty ? nil : .array(calls)))
        texts = []
        thoughts = []
        calls = []
        extras = []
    }
}
