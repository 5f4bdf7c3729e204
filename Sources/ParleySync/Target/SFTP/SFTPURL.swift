import Foundation
import ParleyCore

/// An SFTP target's URL taken apart and checked: `sftp://[user@]host[:port]/absolute/path`, or `/~/path` for
/// a path in the user's home folder. A password in the URL is refused: it would be printed and stored.
struct SFTPURL: Sendable {
    /// `sftp://user@host[:port]`.
    var origin: String
    /// The folder's path as given (percent-encoded), without a trailing "/".
    var path: String
    var user: String
    var host: String
    var port: Int?
    var location: String { origin + path }

    init(parsing text: String, environment: [String: String]) throws(ParleyError) {
        func refusal(_ rule: String) -> ParleyError { .invalidValue(field: "target", value: text, rule: rule) }
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "sftp",
            let host = components.host, !host.isEmpty
        else {
            throw refusal("is not an SFTP URL of the form sftp://user@host[:port]/path")
        }
        guard components.password == nil else {
            throw refusal("holds a password; SFTP targets log in with a key (ssh-agent, ~/.ssh, or --identity-file)")
        }
        guard components.query == nil, components.fragment == nil else {
            throw refusal("has a query or fragment, which an SFTP folder's URL does not")
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.isEmpty, path != "/~" else {
            throw refusal(
                "names no folder; give the target folder's path (sftp://host/srv/parley or sftp://host/~/parley)")
        }
        let decoded = path.removingPercentEncoding ?? path
        guard !decoded.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            throw refusal("has . or .. in its path")
        }
        guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" || $0 == "\\" || $0 == "'" })
        else {
            throw refusal("has a control character, quote or backslash in its path")
        }
        let name =
            components.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["USER"] ?? environment["LOGNAME"] ?? "root"
        user = name
        self.host = host
        port = components.port
        let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        origin = "sftp://\(Self.encodedUser(name))@\(hostText)" + (port.map { ":\($0)" } ?? "")
        self.path = path
    }

    /// The path as an SFTP command names it: decoded, and relative to the login folder (the home) for `/~/`
    /// paths, quoted when it holds a space.
    static func commandPath(_ encodedPath: String) -> String {
        var path = encodedPath.removingPercentEncoding ?? encodedPath
        if path.hasPrefix("/~/") { path.removeFirst(3) }
        return path.contains(" ") || path.contains("\t") ? "\"\(path)\"" : path
    }

    private static func encodedUser(_ user: String) -> String {
        user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
    }
}
