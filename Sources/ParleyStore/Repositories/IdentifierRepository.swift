import GRDB
import ParleyCore

/// Turns the abbreviated ids people type (`parley show 3f2a`) into full ids, refusing ambiguous ones.
public struct IdentifierRepository: Sendable {
    let store: ParleyStore

    /// The shortest prefix accepted, so a stray character never matches half the store.
    public static let minimumPrefixLength = 4

    /// The entity kinds an abbreviated id can name.
    public enum Entity: String, Sendable, CaseIterable, Codable {
        case conversation, message, draft
    }

    /// A full id and the kind of entity it names.
    public struct Match: Sendable, Hashable, Codable {
        public var id: EntityID
        public var entity: Entity
    }

    /// The one entity whose id starts with `prefix`, among `entities` (default: every kind); deleted ones count
    /// only when `includeDeleted` (to restore them).
    ///
    /// Throws ``ParleyError/notFound(entity:id:)`` when nothing matches and
    /// ``ParleyError/invalidValue(field:value:rule:)`` naming the candidates when more than one does.
    public func resolve(
        prefix: String, among entities: [Entity] = Entity.allCases, includeDeleted: Bool = false
    ) async throws(ParleyError) -> Match {
        let lowered = prefix.lowercased()
        let validCharacters = lowered.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
        guard validCharacters, (Self.minimumPrefixLength...36).contains(lowered.utf8.count) else {
            throw .invalidValue(
                field: "prefix", value: prefix,
                rule: "must be \(Self.minimumPrefixLength) to 36 characters of an id (0-9, a-f and -)")
        }
        let kinds = entities.isEmpty ? Entity.allCases : entities
        let matches = try await store.read { db in
            var matches: [Match] = []
            for kind in kinds {
                let ids = try String.fetchAll(
                    db, sql: "SELECT id FROM \(kind.rawValue) WHERE id >= ? AND id < ? AND deleted <= ? LIMIT 3",
                    arguments: [lowered, lowered + "~", includeDeleted])
                matches += ids.map { Match(id: EntityID(trusted: $0), entity: kind) }
            }
            return matches
        }
        switch matches.count {
        case 0:
            throw .notFound(entity: kinds.map(\.rawValue).joined(separator: " or "), id: lowered)
        case 1:
            return matches[0]
        default:
            let candidates = matches.prefix(3).map { "\($0.entity.rawValue) \($0.id)" }.joined(separator: ", ")
            throw .invalidValue(
                field: "prefix", value: prefix, rule: "matches more than one id (\(candidates)…); type more of it")
        }
    }
}
