import Foundation
import GRDB
import ParleyCore
import ParleyStore

/// Builds the linear chain of a ≤0.31 conversation, one `responses` row at a time, in the order llm sent them.
///
/// Texts are put together as llm put them together before sending: prompt fragments then the prompt, joined
/// by newlines; system fragments then the system prompt, each trimmed, joined by blank lines.
struct LLMLegacyChain {
    private(set) var messages: [ImportedMessage] = []
    /// The model of the first answer, for a response that belongs to no conversation.
    private(set) var firstModel: String?
    /// The system prompt in effect: llm sends it on the turn where it is given and not again after.
    private var system = ""
    /// The ids of the previous answer's tool calls, for results that name none.
    private var previousCallIDs: [String] = []

    private var tip: String? { messages.last?.sourceID }

    mutating func append(
        response row: Row, id: String, systemFragments: [String], promptFragments: [String],
        attachments: [JSONValue], toolCalls: [Row], toolResults: [Row]
    ) {
        let createdAt = row.llmText("datetime_utc").flatMap(ExportTime.milliseconds(iso:))
        let systemText = (systemFragments + [row.llmText("system") ?? ""])
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .joined(separator: "\n\n")
        if !systemText.isEmpty, systemText != system {
            system = systemText
            add(id + ":system", role: .system, content: .text(systemText), createdAt: createdAt)
        }
        for (index, result) in toolResults.enumerated() {
            let callID =
                result.llmNonEmptyText("tool_call_id")
                ?? (index < previousCallIDs.count ? previousCallIDs[index] : "call_\(id):result:\(index + 1)")
            let text = result.llmNonEmptyText("exception") ?? result.llmText("output") ?? ""
            messages.append(
                ImportedMessage(
                    sourceID: "\(id):result:\(index + 1)", parentSourceID: tip, role: .tool, content: .text(text),
                    toolCallID: callID, name: result.llmNonEmptyText("name"), createdAt: createdAt))
        }
        let promptText = (promptFragments + [row.llmNonEmptyText("prompt")].compactMap { $0 })
            .joined(separator: "\n")
        if !(promptText.isEmpty && attachments.isEmpty && !toolResults.isEmpty) {
            let textPart: [JSONValue] = promptText.isEmpty ? [] : [["type": "text", "text": .string(promptText)]]
            let content: MessageContent = attachments.isEmpty ? .text(promptText) : .parts(textPart + attachments)
            add(id + ":prompt", role: .user, content: content, createdAt: createdAt)
        }
        appendAnswer(row, id: id, toolCalls: toolCalls, createdAt: createdAt)
    }

    /// The model's answer: `model` as the user asked for it, `resolved_model` only when that is empty.
    private mutating func appendAnswer(_ row: Row, id: String, toolCalls: [Row], createdAt: Int64?) {
        let calls = toolCalls.enumerated().map { index, call in
            LLMUsage.toolCall(
                id: call.llmNonEmptyText("tool_call_id") ?? "call_\(id):\(index + 1)",
                name: call.llmText("name") ?? "",
                arguments: LLMUsage.argumentsText(call.llmText("arguments").map(JSONValue.string)))
        }
        previousCallIDs = calls.compactMap { $0["id"]?.stringValue }
        let text = row.llmText("response") ?? ""
        let reasoning = row.llmNonEmptyText("reasoning")
        let model = row.llmNonEmptyText("model") ?? row.llmNonEmptyText("resolved_model")
        if firstModel == nil { firstModel = model }
        messages.append(
            ImportedMessage(
                sourceID: id, parentSourceID: tip, role: .assistant, content: .text(text), reasoningContent: reasoning,
                toolCalls: calls.isEmpty ? nil : .array(calls), model: model,
                finishReason: LLMUsage.finishReason(responseJSON: row.llmText("response_json")),
                status: text.isEmpty && calls.isEmpty ? .interrupted : .complete, createdAt: createdAt,
                usage: LLMUsage.usage(
                    inputTokens: row.llmInteger("input_tokens"), outputTokens: row.llmInteger("output_tokens"),
                    tokenDetails: row.llmText("token_details"), durationMilliseconds: row.llmInteger("duration_ms"))))
    }

    private mutating func add(_ sourceID: String, role: MessageRole, content: MessageContent, createdAt: Int64?) {
        messages.append(
            ImportedMessage(
                sourceID: sourceID, parentSourceID: tip, role: role, content: content, createdAt: createdAt))
    }
}
