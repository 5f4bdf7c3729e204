import ParleyCore

/// A relative path inside a sync target: components of ASCII letters, digits, `.`, `_` and `-`, joined by "/".
///
/// Names read from a target are untrusted. Every read and write of a ``RemoteDirectory`` goes through this type,
/// and it refuses anything that could lead outside the target (`..`, absolute paths, backslashes, NUL) or
/// be mistaken for a temporary file (a leading `.`), so a hostile listing can never make sync touch a file
/// elsewhere.
///
/// ```swift
/// let head = try RemotePath(validating: "parley/devices").appending(deviceID.rawValue).appending("head.json")
/// ```
public struct RemotePath: Hashable, Sendable, CustomStringConvertible {
    /// The longest name most file systems accept.
    static let maximumComponentBytes = 255

    public let components: [String]

    /// The target's own folder.
    public static let root = RemotePath(checked: [])

    /// Validates a "/"-separated relative path; the empty text is ``root``.
    public init(validating text: String) throws(ParleyError) {
        guard !text.isEmpty else {
            self = .root
            return
        }
        guard !text.hasPrefix("/") else {
            throw Self.refusal(text, "is absolute; paths inside a sync target are relative to it")
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts {
            try Self.check(part, in: text)
        }
        components = parts
    }

    /// Validates each of `components` as one name.
    public init(_ components: [String]) throws(ParleyError) {
        let text = components.joined(separator: "/")
        for component in components {
            try Self.check(component, in: text)
        }
        self.components = components
    }

    private init(checked components: [String]) {
        self.components = components
    }

    /// This path with one more name at its end.
    public func appending(_ name: String) throws(ParleyError) -> RemotePath {
        try Self.check(name, in: name)
        return RemotePath(checked: components + [name])
    }

    /// The last component, or nil for ``root``.
    public var name: String? { components.last }

    /// The folder that holds this path, or nil for ``root``.
    public var parent: RemotePath? {
        components.isEmpty ? nil : RemotePath(checked: Array(components.dropLast()))
    }

    public var description: String { components.joined(separator: "/") }

    // MARK: - Rules

    private static func check(_ component: String, in text: String) throws(ParleyError) {
        let bytes = Array(component.utf8)
        guard !bytes.isEmpty else {
            throw refusal(text, "has an empty name (a doubled, leading or trailing \"/\")")
        }
        guard component != "." && component != ".." else {
            throw refusal(text, "contains the name \(component.debugDescription), which could lead outside the target")
        }
        guard bytes.count <= maximumComponentBytes else {
            throw refusal(text, "has a name of \(bytes.count) bytes; a name has at most \(maximumComponentBytes)")
        }
        guard bytes.first != UInt8(ascii: ".") else {
            throw refusal(
                text,
                "has the name \(component.debugDescription) starting with \".\"; hidden and temporary files "
                    + "are never sync files")
        }
        for byte in bytes where !isAllowed(byte) {
            switch byte {
            case 0:
                throw refusal(text, "contains a NUL byte")
            case UInt8(ascii: "\\"):
                throw refusal(text, "contains a backslash; the separator is \"/\"")
            case UInt8(ascii: "/"):
                throw refusal(text, "contains \"/\" inside a single name")
            default:
                let what = byte < 0x80 ? String(UnicodeScalar(byte)).debugDescription : "a non-ASCII character"
                throw refusal(text, "contains \(what); names use only ASCII letters, digits, \".\", \"_\" and \"-\"")
            }
        }
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// An error naming the refused text, shortened and escaped so a hostile name cannot flood or garble a log.
    private static func refusal(_ text: String, _ rule: String) -> ParleyError {
        let shown = text.utf8.count > 120 ? String(text.prefix(120)).debugDescription + "…" : text.debugDescription
        return .sync(path: nil, reason: "the path \(shown) \(rule)")
    }
}
