/// How many deltas the fake server streams for one request and how far apart, carried in the request's last
/// user message (`deltas=200 gap_us=5000`): the daemon forwards a conversation's messages and nothing of the
/// client's own, so the prompt is the one channel that reaches the server through the daemon and from `curl`
/// alike.
public struct StreamShape: Sendable, Equatable {
    public var deltas: Int
    /// Microseconds between the starts of consecutive deltas; 0 sends each as soon as the last one was written.
    public var gapMicroseconds: Int

    public init(deltas: Int, gapMicroseconds: Int) {
        self.deltas = deltas
        self.gapMicroseconds = gapMicroseconds
    }

    /// The user message that asks for this shape; plain ASCII, so it needs no JSON escaping.
    public var prompt: String { "deltas=\(deltas) gap_us=\(gapMicroseconds)" }

    /// Reads a prompt written by ``prompt``; nil when either setting is missing or not a number.
    public init?(prompt: String) {
        var settings: [Substring: Int] = [:]
        for word in prompt.split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]), value >= 0 { settings[parts[0]] = value }
        }
        guard let deltas = settings["deltas"], let gap = settings["gap_us"] else { return nil }
        self.init(deltas: deltas, gapMicroseconds: gap)
    }
}
