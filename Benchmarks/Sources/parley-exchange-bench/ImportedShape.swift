import ParleyCore
import ParleyStore

extension GeneratedConversation {
    /// The conversation as ChatGPT's reader maps the JSON ``ChatGPTJSON`` writes: the root and the hidden
    /// system node left out (so the first question is a root), each answer with its model and finish reason,
    /// the current node as the head. The anchor stores these, so it does the importer's storing without its
    /// reading.
    var imported: ImportedConversation {
        ImportedConversation(
            source: "chatgpt", sourceID: id, title: title, model: model, createdAt: createdAt, updatedAt: updatedAt,
            headSourceID: currentNode,
            messages: nodes.map { node in
                ImportedMessage(
                    sourceID: node.id, parentSourceID: node.parent, role: node.isAssistant ? .assistant : .user,
                    content: .text(node.text), model: node.isAssistant ? model : nil,
                    finishReason: node.isAssistant ? "stop" : nil, createdAt: node.createdAt)
            })
    }
}
