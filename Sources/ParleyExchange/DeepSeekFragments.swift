import ParleyCore

/// A DeepSeek message's `fragments`, sorted by what they mean: both the web export and the web API write them.
///
/// `REQUEST` is the user's text; `RESPONSE` and `TEMPLATE_RESPONSE` the answer; `THINK` the reasoning. Every
/// other fragment (`SEARCH`, `READ_LINK`, `TOOL_SEARCH`, `TOOL_OPEN` and types DeepSeek adds later) is tool
/// activity kept whole as a `deepseek.<lowercased type>` part, so nothing the export holds is lost.
struct DeepSeekFragments {
    var requests: [String] = []
    var responses: [String] = []
    var thoughts: [String] = []
    var activity: [JSONValue] = []

    init(_ fragments: [JSONValue]) {
        for fragment in fragments {
            let text = fragment["content"]?.stringValue ?? ""
            switch fragment["type"]?.stringValue {
            case "REQUEST": requests.append(text)
            case "RESPONSE", "TEMPLATE_RESPONSE": responses.append(text)
            case "THINK": thoughts.append(text)
            case let type?:
                activity.append(MessageContent.namespacedPart(fragment, type: "deepseek." + type.lowercased()))
            case nil: activity.append(MessageContent.namespacedPart(fragment, type: "deepseek.fragment"))
            }
        }
    }

    /// The older web API's shape: `content` and `thinking_content` on the message itself.
    init(content: String?, thinking: String?, isUser: Bool) {
        if let content {
            if isUser { requests = [content] } else { responses = [content] }
        }
        if let thinking { thoughts = [thinking] }
    }

    var isRequest: Bool { !requests.isEmpty }

    /// Whether anything here belongs to an answer, so a node holding a request and an answer is split.
    var hasAnswer: Bool { !responses.isEmpty || !thoughts.isEmpty || !activity.isEmpty }

    var requestText: String { Self.joined(requests) }
    var responseText: String { Self.joined(responses) }

    /// The thinking, or nil when there is none.
    var reasoning: String? {
        let text = Self.joined(thoughts)
        return text.isEmpty ? nil : text
    }

    /// The user's message: the request text, and the attached `files` as `deepseek.file` parts.
    func requestContent(files: [JSONValue]) -> MessageContent {
        .exported(text: requestText, pieces: files.map { MessageContent.namespacedPart($0, type: "deepseek.file") })
    }

    /// The answer: its text first, then the tool activity in the order DeepSeek wrote it.
    func answerContent(files: [JSONValue] = []) -> MessageContent {
        let pieces = activity + files.map { MessageContent.namespacedPart($0, type: "deepseek.file") }
        return .exported(text: responseText, pieces: pieces)
    }

    /// `FINISHED` (or no status) is complete, a failure is an error, anything else (`INCOMPLETE`, `WIP`…) was
    /// cut off; so is an answer with no response text at all, such as one that only thought.
    func answerStatus(_ status: String?) -> MessageStatus {
        if let status = status?.uppercased(), status.contains("FAIL") || status.contains("ERROR") { return .error }
        if let status, status.uppercased() != "FINISHED" { return .interrupted }
        return responseText.isEmpty ? .interrupted : .complete
    }

    /// Fragments in one message are pieces of one text; a blank line keeps them apart.
    private static func joined(_ texts: [String]) -> String {
        texts.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }
}
