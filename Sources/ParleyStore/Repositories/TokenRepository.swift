import Crypto
import Foundation
import GRDB
import ParleyCore

/// A gateway token as it is listed: never the token itself, which is not kept.
public struct GatewayToken: Sendable, Equatable, Codable {
    public var name: String
    public var createdAt: Int64
    public var lastUsedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case name
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }
}

/// A token just made: the only time the token can be seen.
public struct IssuedToken: Sendable, Codable {
    public var name: String
    public var token: String
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case name, token
        case createdAt = "created_at"
    }
}

/// The tokens frontends use with the OpenAI-compatible gateway, one per frontend by name. Only each token's
/// SHA-256 is stored, so the database (or a backup of it) never holds a usable token; tokens are this machine's
/// and are never synced.
public struct TokenRepository: Sendable {
    let store: ParleyStore

    /// `pk-parley-` and 43 base64url characters: 256 random bits, recognisable when pasted in the wrong place.
    static let prefix = "pk-parley-"

    /// Makes a token for the frontend `name` (letters, digits, `.`, `_`, `-`; at most 64), refusing a name in use.
    public func create(name: String) async throws(ParleyError) -> IssuedToken {
        try Self.check(name)
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let token = Self.prefix + Self.base64URL(Data(bytes))
        let now = HybridLogicalClock.systemWallClock()
        let created = try await store.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM gateway_token WHERE name = ?", arguments: [name]) == nil
            else { return false }
            try db.execute(
                sql: "INSERT INTO gateway_token (name, token_hash, created_at) VALUES (?, ?, ?)",
                arguments: [name, Self.hash(token), now])
            return true
        }
        guard created else {
            throw .invalidValue(
                field: "name", value: name, rule: "already has a token; revoke it first (parley token rm \(name))")
        }
        return IssuedToken(name: name, token: token, createdAt: now)
    }

    public func list() async throws(ParleyError) -> [GatewayToken] {
        try await store.read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at, last_used_at FROM gateway_token ORDER BY name").map {
                GatewayToken(name: $0["name"], createdAt: $0["created_at"], lastUsedAt: $0["last_used_at"])
            }
        }
    }

    /// Revokes the token of `name`: it stops working at once.
    public func revoke(name: String) async throws(ParleyError) {
        let removed = try await store.write { db in
            try db.execute(sql: "DELETE FROM gateway_token WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
        guard removed else { throw .notFound(entity: "token", id: name) }
    }

    /// The name of the frontend whose token `token` is, or nil when it is no token of this machine's.
    ///
    /// The token's last use is recorded to the minute: a write on every request would put a transaction in
    /// front of every answer the gateway relays.
    public func authenticate(_ token: String) async throws(ParleyError) -> String? {
        guard token.hasPrefix(Self.prefix), token.utf8.count <= 128 else { return nil }
        let hash = Self.hash(token)
        let now = HybridLogicalClock.systemWallClock()
        let found = try store.readOneStatement { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT name, last_used_at FROM gateway_token WHERE token_hash = ?"),
                arguments: [hash]
            ).map { row -> (name: String, lastUsed: Int64?) in (row[0], row[1]) }
        }
        guard let found else { return nil }
        if let lastUsed = found.lastUsed, now - lastUsed < Self.lastUseResolutionMilliseconds { return found.name }
        try await store.write { db in
            try db.execute(
                sql: "UPDATE gateway_token SET last_used_at = ? WHERE token_hash = ?", arguments: [now, hash])
        }
        return found.name
    }

    /// How stale a token's recorded last use may be.
    static let lastUseResolutionMilliseconds: Int64 = 60_000

    static func check(_ name: String) throws(ParleyError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "._-".unicodeScalars.contains(scalar))
        }
        guard (1...64).contains(name.utf8.count), allowed else {
            throw .invalidValue(
                field: "name", value: name,
                rule:
                    "must be 1 to 64 ASCII letters, digits, \".\", \"_\" or \"-\" (it names the frontend, e.g. open-webui)"
            )
        }
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
