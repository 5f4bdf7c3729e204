import Foundation

/// How output looks: colour only when stdout is a terminal and `NO_COLOR` is unset.
enum Terminal {
    static let colour: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func bold(_ text: String) -> String { paint(text, "1") }
    static func dim(_ text: String) -> String { paint(text, "2") }
    static func cyan(_ text: String) -> String { paint(text, "36") }
    static func green(_ text: String) -> String { paint(text, "32") }
    static func yellow(_ text: String) -> String { paint(text, "33") }
    static func magenta(_ text: String) -> String { paint(text, "35") }
    static func red(_ text: String) -> String { paint(text, "31") }

    private static func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The first 8 characters of an id: enough to type back, since every command takes a unique prefix.
    static func short(_ id: String?) -> String {
        guard let id else { return "-" }
        return String(id.prefix(8))
    }

    /// `2026-11-25T09:30:00.123Z` as `2026-11-25 09:30`.
    static func time(_ text: String?) -> String {
        guard let text, text.count >= 16 else { return text ?? "-" }
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5)
    }

    /// One line of at most `width` characters.
    static func clip(_ text: String, _ width: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let flattened = line.count < text.count ? line + " …" : line
        return flattened.count > width ? String(flattened.prefix(width - 1)) + "…" : flattened
    }
}
