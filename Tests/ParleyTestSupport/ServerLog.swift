import Foundation

/// What a test server wrote to its log, for the message of a server that did not start.
enum ServerLog {
    /// The last `characters` of `path`, trimmed; empty when it cannot be read.
    static func tail(of path: String, characters: Int = 3000) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return String(text.suffix(characters)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
