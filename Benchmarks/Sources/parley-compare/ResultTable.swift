import Foundation

/// The comparison's outcome as one Markdown table: Parley, raw SQLite, their ratio, and the target per row.
struct ResultTable {
    struct Row {
        var measure: String
        var parley: String
        var raw: String
        var ratio: String
        var target: String
        var verdict: String
    }

    var title: String
    var rows: [Row] = []
    var footnotes: [String] = []

    /// A throughput row (higher is better) whose target is a minimum fraction of raw SQLite's rate.
    mutating func rate(_ measure: String, parley: Double, raw: Double, atLeast fraction: Double?) {
        let ratio = parley / raw
        rows.append(
            Row(
                measure: measure, parley: Self.format(parley, decimals: 0), raw: Self.format(raw, decimals: 0),
                ratio: Self.format(ratio, decimals: 2) + "×",
                target: fraction.map { "≥ \(Self.format($0, decimals: 2))× raw" } ?? "—",
                verdict: fraction.map { ratio >= $0 ? "met" : "**missed**" } ?? ""))
    }

    /// A latency row (lower is better), optionally with an absolute ceiling for Parley.
    mutating func latency(_ measure: String, parley: Double, raw: Double, under ceiling: Double?) {
        rows.append(
            Row(
                measure: measure, parley: Self.format(parley, decimals: 2), raw: Self.format(raw, decimals: 2),
                ratio: Self.format(parley / raw, decimals: 2) + "×",
                target: ceiling.map { "< \(Self.format($0, decimals: 0)) ms" } ?? "—",
                verdict: ceiling.map { parley < $0 ? "met" : "**missed**" } ?? ""))
    }

    /// A row with no target (sizes, hit counts).
    mutating func info(_ measure: String, parley: Double, raw: Double, decimals: Int) {
        rows.append(
            Row(
                measure: measure, parley: Self.format(parley, decimals: decimals),
                raw: Self.format(raw, decimals: decimals), ratio: Self.format(parley / raw, decimals: 2) + "×",
                target: "—", verdict: ""))
    }

    var markdown: String {
        let header = ["measure", "Parley", "raw SQLite", "Parley ÷ raw", "target", "verdict"]
        var lines = ["### \(title)", "", Self.line(header), Self.line(header.map { _ in "---" })]
        lines += rows.map { Self.line([$0.measure, $0.parley, $0.raw, $0.ratio, $0.target, $0.verdict]) }
        lines.append("")
        lines += footnotes.enumerated().map { "\($0.offset + 1). \($0.element)" }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// Fixed decimals with thousands separators (values here are never negative), so wide numbers stay readable.
    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        let text = String(format: "%.\(decimals)f", value)
        let point = text.firstIndex(of: ".") ?? text.endIndex
        var integer = String(text[..<point])
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        return integer + grouped + text[point...]
    }
}
