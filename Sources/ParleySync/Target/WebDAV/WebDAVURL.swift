import Foundation
import ParleyCore

/// A WebDAV target's URL taken apart and checked: `https://[user@]host[:port]/path`, or `http://` to this
/// machine only (a password in clear text must not cross a network). A password in the URL is refused: it
/// would be printed, logged and stored with it.
struct WebDAVURL: Sendable {
    var origin: String
    /// Percent-encoded as given, without a trailing "/"; empty for the server's root.
    var path: String
    var user: String?
    /// The URL without its user, for messages and the database.
    var location: String { origin + path }

    init(parsing text: String) throws(ParleyError) {
        func refusal(_ rule: String) -> ParleyError { .invalidValue(field: "target", value: text, rule: rule) }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw refusal("is not a URL of the form https://[user@]host[:port]/path")
        }
        guard scheme == "https" || scheme == "http" else { throw refusal("is not an http:// or https:// URL") }
        guard components.password == nil else {
            throw refusal(
                "holds a password; put it in ~/.netrc or a password file (parley sync init --password-file), never "
                    + "in the URL, which is printed and stored")
        }
        guard components.query == nil, components.fragment == nil else {
            throw refusal("has a query or fragment, which a WebDAV folder's URL does not")
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
        guard scheme == "https" || loopback else {
            throw refusal(
                "uses http:// to another machine; the password and your chats would cross the network in clear "
                    + "text: use https://")
        }
        let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        origin = "\(scheme)://\(hostText)" + (components.port.map { ":\($0)" } ?? "")
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            throw refusal("has . or .. in its path")
        }
        self.path = path
        user = components.user.flatMap { $0.isEmpty ? nil : $0 }
    }
}
