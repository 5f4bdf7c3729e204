import Foundation

/// Numbers as the tables print them.
public enum NumberText {
    /// Fixed decimals with thousands separators, so wide numbers stay readable; "n/a" for what was not measured.
    public static func grouped(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return "n/a" }
        let text = String(format: "%.\(decimals)f", value)
        let point = text.firstIndex(of: ".") ?? text.endIndex
        var integer = String(text[..<point])
        let sign = integer.hasPrefix("-") ? String(integer.removeFirst()) : ""
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        return sign + integer + grouped + text[point...]
    }

    /// A history size as the design names it: 10k, 100k, 1M.
    public static func size(_ messages: Int) -> String {
        if messages >= 1_000_000, messages % 1_000_000 == 0 { return "\(messages / 1_000_000)M" }
        if messages >= 1_000, messages % 1_000 == 0 { return "\(messages / 1_000)k" }
        return grouped(Double(messages))
    }

    public static func ratio(_ value: Double) -> String {
        grouped(value, decimals: 2) + "×"
    }
}
