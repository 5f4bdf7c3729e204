import ParleyCore

/// What `parley search` prints: the matching titles, then the message hits grouped by conversation, or one
/// line per hit.
struct SearchResults {
    /// The `search.conversations` items, empty when titles were not searched.
    let conversations: [JSONValue]
    /// The `search.messages` items, best first.
    let hits: [JSONValue]
    let marks: MatchMarks

    var isEmpty: Bool { conversations.isEmpty && hits.isEmpty }

    /// Each conversation once, where its best hit ranks, with its hits below in rank order.
    func grouped() -> [String] {
        var lines: [String] = []
        if !conversations.isEmpty {
            lines.append(Terminal.bold("Conversations"))
            for conversation in conversations {
                let archived = conversation["archived"]?.bool == true ? Terminal.dim("  archived") : ""
                lines.append(
                    "  " + Terminal.cyan(Terminal.short(conversation["conversation_id"]?.text)) + "  "
                        + title(conversation["highlighted"]?.text) + "  "
                        + Terminal.dim(Terminal.time(conversation["updated_at"]?.text)) + archived)
            }
        }
        var order: [String] = []
        var byConversation: [String: [JSONValue]] = [:]
        for hit in hits {
            let id = hit["conversation_id"]?.text ?? ""
            if byConversation[id] == nil { order.append(id) }
            byConversation[id, default: []].append(hit)
        }
        for id in order {
            let group = byConversation[id] ?? []
            if !lines.isEmpty { lines.append("") }
            lines.append(
                Terminal.cyan(Terminal.short(id)) + " " + Terminal.bold(title(group.first?["conversation_title"]?.text))
            )
            for hit in group {
                lines.append("  " + Terminal.dim(Self.facts(of: hit)))
                lines.append("    " + marks.render(hit["snippet"]?.text ?? ""))
            }
        }
        return lines
    }

    /// One line per hit, for reading many at once or for `grep`.
    func flat() -> [String] {
        hits.map { hit in
            Terminal.cyan(Terminal.short(hit["conversation_id"]?.text)) + " "
                + Terminal.bold(Terminal.clip(title(hit["conversation_title"]?.text), 30)) + "  "
                + Terminal.dim(Self.facts(of: hit)) + "  " + marks.render(hit["snippet"]?.text ?? "")
        }
    }

    /// A title with its matches shown, or a placeholder for an untitled conversation.
    private func title(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "(untitled)" }
        return marks.render(text)
    }

    /// `assistant · 2026-11-25 09:30 · 1a2b3c4d · branch 2/3 off 0f8e1a2b`: the branch only when the hit is not
    /// on its conversation's current branch, since that is where `show` would not find it.
    static func facts(of hit: JSONValue) -> String {
        var facts = [
            hit["role"]?.text ?? "", Terminal.time(hit["created_at"]?.text), Terminal.short(hit["message_id"]?.text),
        ]
        if let branch = hit["branch"]?.objectValue {
            let place = "branch \(branch["index"]?.int ?? 0)/\(branch["count"]?.int ?? 0)"
            let fork = branch["fork_message_id"]?.text
            facts.append(place + (fork.map { " off " + Terminal.short($0) } ?? " from the start"))
        }
        if let source = hit["source"]?.text { facts.append("from " + source) }
        return facts.joined(separator: " · ")
    }
}
