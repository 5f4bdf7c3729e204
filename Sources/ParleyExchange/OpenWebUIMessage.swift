import ParleyCore
import ParleyStore

/// One Open WebUI message (`{id, parentId, childrenIds, role, content, timestamp}`, an answer adding `model`,
/// `usage`, `done`, `error` and, in newer versions, `output[]`) as the Parley messages it becomes.
///
/// An answer with `output` items is read from them rather than from `content` (which then only repeats them
/// for display): one that calls tools is split into the assistant's calls `"<id>"`, the tools' results
/// `"<id>:1"`…, and the assistant's next text, in item order. The last piece carries the usage and the status.
enum OpenWebUIMessage {
    /// The pieces in order, their first parent still unset; nil for a message that is not an object or whose
    /// role Parley does not know, so that it is left out. A `tool` message without a `tool_call_id` answers
    /// `"call_<id>"`, since Parley requires one.
    static func pieces(id: String, _ message: JSONValue) -> [ImportedMessage]? {
        guard message.objectValue != nil, let role = message["role"]?.stringValue.flatMap(MessageRole.init(rawValue:))
        else { return nil }
        let createdAt = ExportTime.milliseconds(secondsOrMilliseconds: message["timestamp"])
        let content = message["content"]?.stringValue ?? ""
        let files = (message["files"]?.arrayValue ?? []).map { file in
            MessageContent.namespacedPart(file, type: "open-webui." + (file["type"]?.nonEmptyString ?? "file"))
        }
        guard role == .assistant else {
            let callID = role == .tool ? message["tool_call_id"]?.nonEmptyString ?? "call_\(id)" : nil
            return [
                ImportedMessage(
                    sourceID: id, parentSourceID: nil, role: role, content: .exported(text: content, pieces: files),
                    toolCallID: callID, name: role == .tool ? message["name"]?.stringValue : nil, createdAt: createdAt)
            ]
        }
        let failure = errorText(message["error"])
        let outcome: MessageStatus =
            failure != nil ? .error : message["done"]?.boolValue == false ? .interrupted : .complete
        var pieces: [ImportedMessage]
        if let output = message["output"]?.arrayValue, !output.isEmpty {
            pieces = OpenWebUIOutput(id: id, items: output).pieces(keepingEmptyLast: outcome != .complete)
        } else {
            let (text, reasoning) = OpenWebUIReasoning.split(content)
            pieces = [
                ImportedMessage(
                    sourceID: id, parentSourceID: nil, role: .assistant, content: .text(text),
                    reasoningContent: reasoning)
            ]
        }
        let model = message["model"]?.nonEmptyString
        for index in pieces.indices {
            pieces[index].createdAt = createdAt
            if pieces[index].role == .assistant { pieces[index].model = model }
        }
        if let last = pieces.indices.last, pieces[last].role == .assistant {
            if let failure, pieces[last].content == .text("") { pieces[last].content = .text(failure) }
            pieces[last].usage = usage(message["usage"])
            let cutOff = pieces[last].content == .text("") && pieces[last].toolCalls == nil
            pieces[last].status = outcome == .complete && cutOff ? .interrupted : outcome
        }
        if !files.isEmpty, let first = pieces.indices.first {
            pieces[first].content = pieces[first].content.appending(files)
        }
        return pieces
    }

    /// The text of an answer's `error`: its `content` or `message`, or a plain string; nil when there was none.
    private static func errorText(_ value: JSONValue?) -> String? {
        switch value {
        case nil, .null?, .bool(false)?: nil
        case let .string(text)?: text
        case let value?: value["content"]?.stringValue ?? value["message"]?.stringValue ?? ""
        }
    }

    /// `usage` as Open WebUI stores it: OpenAI's `prompt_tokens`/`completion_tokens`, or Ollama's
    /// `prompt_eval_count`/`eval_count`; nil when it has neither or a count is negative.
    static func usage(_ value: JSONValue?) -> ImportedUsage? {
        guard let usage = value?.objectValue else { return nil }
        func count(_ keys: String...) -> Int? {
            keys.lazy.compactMap { usage[$0]?.intValue }.first
        }
        let prompt = count("prompt_tokens", "prompt_eval_count", "input_tokens")
        let completion = count("completion_tokens", "eval_count", "output_tokens")
        guard prompt != nil || completion != nil, (prompt ?? 0) >= 0, (completion ?? 0) >= 0 else { return nil }
        let total = count("total_tokens").flatMap { $0 >= 0 ? $0 : nil }
        let reasoning = usage["completion_tokens_details"]?["reasoning_tokens"]?.intValue.flatMap { $0 >= 0 ? $0 : nil }
        return ImportedUsage(
            promptTokens: prompt ?? 0, completionTokens: completion ?? 0, totalTokens: total,
            reasoningTokens: reasoning)
    }
}
