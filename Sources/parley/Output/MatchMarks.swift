import ParleyCore

/// The markers this run asks the daemon to put around matches, and how they are shown.
///
/// The daemon's default markers are `[` and `]`, which messages hold too (`a[i]`, Markdown links), so the
/// command asks for markers no text holds instead: a control character and a random word, new each run. A match
/// is then shown in colour on a terminal and in brackets elsewhere, while a bracket of the text stays as it is.
struct MatchMarks {
    let open: String
    let close: String

    init() {
        let word = String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement() ?? "x" })
        open = "\u{2}" + word
        close = "\u{3}" + word
    }

    /// The params that ask a search method for these markers.
    var params: [String: JSONValue] { ["mark_open": .string(open), "mark_close": .string(close)] }

    /// `text` on one line, its matches in bold yellow on a terminal or `[in brackets]` elsewhere; the text's own
    /// control characters (newlines, escape sequences) become spaces, so a message cannot restyle the terminal.
    func render(_ text: String, colour: Bool = Terminal.colour) -> String {
        var pieces = text.components(separatedBy: open)
        var line = Self.plain(pieces.removeFirst())
        for piece in pieces {
            let parts = piece.components(separatedBy: close)
            let match = Self.plain(parts[0])
            line += colour ? "\u{1B}[1;33m" + match + "\u{1B}[0m" : "[" + match + "]"
            line += Self.plain(parts.dropFirst().joined(separator: close))
        }
        return line
    }

    private static func plain(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
