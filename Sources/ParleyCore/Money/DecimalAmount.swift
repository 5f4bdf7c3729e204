import Foundation

/// An exact decimal amount such as a cost in USD, written as a plain decimal string (`"0.00042"`).
///
/// Binary floating point cannot hold 0.1 exactly, and a year of per-call costs summed as doubles drifts; this
/// type parses, adds and prints decimals exactly (up to 38 significant digits).
public struct DecimalAmount: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let value: Decimal

    public static let zero = DecimalAmount(trusted: 0)

    /// Parses a plain decimal: an optional minus, digits, and an optional fraction. No exponent, no spaces.
    public init(validating text: String, field: String) throws(ParleyError) {
        let rule = "must be a decimal number written as digits with an optional fraction, such as \"0.0042\""
        guard Self.isPlainDecimal(text), let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else {
            throw .invalidValue(field: field, value: text, rule: rule)
        }
        let significantDigits = text.filter(\.isNumber).drop { $0 == "0" }.count
        guard significantDigits <= 38 else {
            throw .invalidValue(field: field, value: text, rule: "must have at most 38 significant digits")
        }
        self.value = value
    }

    public init(trusted value: Decimal) {
        self.value = value
    }

    public var description: String {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 38, .plain)
        return rounded.description
    }

    public static func + (lhs: DecimalAmount, rhs: DecimalAmount) -> DecimalAmount {
        DecimalAmount(trusted: lhs.value + rhs.value)
    }

    public static func < (lhs: DecimalAmount, rhs: DecimalAmount) -> Bool { lhs.value < rhs.value }

    /// The cost of `tokens` when this amount is the price of a million of them. Exact: dividing by a power of
    /// ten only moves the decimal point.
    public func cost(ofTokens tokens: Int) -> DecimalAmount {
        DecimalAmount(trusted: value * Decimal(tokens) / 1_000_000)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let field = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else {
            text = "\(try container.decode(Double.self))"
        }
        self = try DecimalAmount(validating: text, field: field.isEmpty ? "amount" : field)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func isPlainDecimal(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        let parts = utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), utf8.last != UInt8(ascii: ".") else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }
}
