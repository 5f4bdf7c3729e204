import Foundation

/// Open WebUI's reasoning as it writes it into an answer's `content`: one or more
/// `<details type="reasoning" done="true" duration="3">` blocks, each with a `<summary>Thought for 3
/// seconds</summary>` line and the thinking quoted line by line (`> `), HTML entities escaped.
///
/// ```swift
/// let content = "<details type=\"reasoning\">\n<summary>Thought</summary>\n> 2 &gt; 1\n</details>\nYes."
/// let (text, reasoning) = OpenWebUIReasoning.split(content)
/// // text == "Yes.", reasoning == "2 > 1"
/// ```
enum OpenWebUIReasoning {
    /// The content without its reasoning blocks (trimmed), and the blocks' thinking joined by blank lines (nil
    /// when there is none). A block cut off before its `</details>` runs to the end. Other `<details>` blocks
    /// (tool calls, code) stay in the text.
    static func split(_ content: String) -> (text: String, reasoning: String?) {
        var kept = ""
        var thoughts: [String] = []
        var rest = content[...]
        while let open = rest.range(of: "<details") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let afterTag = rest.index(after: tagEnd)
            let tag = rest[open.lowerBound..<afterTag]
            guard tag.contains("type=\"reasoning\"") || tag.contains("type='reasoning'") else {
                kept += rest[..<afterTag]
                rest = rest[afterTag...]
                continue
            }
            kept += rest[..<open.lowerBound]
            let body = rest[afterTag...]
            if let close = body.range(of: "</details>") {
                thoughts.append(thinking(in: body[..<close.lowerBound]))
                rest = body[close.upperBound...]
            } else {
                thoughts.append(thinking(in: body))
                rest = body[body.endIndex...]
            }
        }
        kept += rest
        let reasoning = thoughts.filter { !$0.isEmpty }.joined(separator: "\n\n")
        return (kept.trimmingCharacters(in: .whitespacesAndNewlines), reasoning.isEmpty ? nil : reasoning)
    }

    /// A block's inside without its summary, entities and the quote marks Open WebUI added for display.
    private static func thinking(in block: Substring) -> String {
        var inner = String(block)
        if let start = inner.range(of: "<summary>"),
            let end = inner.range(of: "</summary>", range: start.upperBound..<inner.endIndex)
        {
            inner.removeSubrange(start.lowerBound..<end.upperBound)
        }
        return unquoted(unescaped(inner)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Open WebUI quotes every line that is not already a quote; when every line is one, the marks are its.
    private static func unquoted(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let written = lines.filter { !$0.allSatisfy(\.isWhitespace) }
        guard !written.isEmpty, written.allSatisfy({ $0.hasPrefix(">") }) else { return text }
        return lines.map { line in
            guard line.hasPrefix(">") else { return line }
            let rest = line.dropFirst()
            return rest.hasPrefix(" ") ? rest.dropFirst() : rest
        }.joined(separator: "\n")
    }

    private static let entities: [(String, String)] = [
        ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"),
        ("&#039;", "'"),
    ]

    /// The five entities Python's `html.escape` writes, undone in one pass (so `&amp;lt;` reads `&lt;`).
    static func unescaped(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while let ampersand = text[index...].firstIndex(of: "&") {
            result += text[index..<ampersand]
            let tail = text[ampersand...]
            if let (entity, character) = entities.first(where: { tail.hasPrefix($0.0) }) {
                result += character
                index = text.index(ampersand, offsetBy: entity.count)
            } else {
                result += "&"
                index = text.index(after: ampersand)
            }
        }
        return result + text[index...]
    }
}
