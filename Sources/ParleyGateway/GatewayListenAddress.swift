import ParleyCore

/// Where the gateway listens over TCP: a loopback address and a port, `127.0.0.1:8300`, `[::1]:8300` or
/// `localhost:8300`. Anything else is refused: the gateway relays with the user's own API key, so it must not
/// be reachable from another machine.
public struct GatewayListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// Parses `text`, naming `field` (the flag, variable or config key it came from) in the error.
    public init(parsing text: String, field: String) throws(ParleyError) {
        let rule =
            "must be a loopback address and a port, such as 127.0.0.1:8300 or [::1]:8300 (the gateway is for "
            + "frontends on this machine only)"
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw .invalidValue(field: field, value: text, rule: rule)
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw .invalidValue(field: field, value: text, rule: rule)
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw .invalidValue(field: field, value: text, rule: "has no valid port (0 to 65535): " + rule)
        }
        guard Self.isLoopback(String(host)) else {
            throw .invalidValue(
                field: field, value: text,
                rule: "names \(host), which is not a loopback address; " + rule)
        }
        self.host = host == "localhost" ? "127.0.0.1" : String(host)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// 127.0.0.0/8, ::1 and `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            guard let value = Int(octet), (0...255).contains(value) else { return false }
            return String(value) == octet
        }
    }
}
