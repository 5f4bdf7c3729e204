import Crypto
import Foundation

/// One migration of `migrations/`, carried inside the binary by the EmbedMigrations build plugin.
public struct EmbeddedMigration: Sendable, Equatable {
    /// The file name without `.sql`, such as `0001_initial`.
    public let name: String
    public let sql: String

    /// SHA-256 of the SQL text, recorded when the migration is applied so a later edit is detected.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The migrations this binary carries, in name order (the list is generated at build time).
public enum EmbeddedMigrations {}
