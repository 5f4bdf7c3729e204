import GRDB
import ParleyCore

/// A draft's version vector: how many saves each device made to it.
///
/// Comparing two vectors tells a later version of a draft (it covers the other's saves) from a concurrent one
/// (each has saves the other has not seen); only concurrent versions need a conflict copy. A draft's revision
/// is the sum of its vector, so every save on any device moves it forward.
struct DraftVersions: Sendable, Equatable {
    var counts: [EntityID: Int]

    enum Order { case same, before, after, concurrent }

    /// The stored vector, or for a draft saved before vectors existed, all its saves credited to the device of
    /// its stamp.
    static func stored(_ text: String?, draft: Draft) throws -> DraftVersions {
        guard let text else { return DraftVersions(counts: [draft.hlc.deviceID: draft.revision]) }
        let raw = try JSONCoding.decodeStored([String: Int].self, from: text, column: "draft.versions")
        var counts: [EntityID: Int] = [:]
        for (device, count) in raw { counts[EntityID(trusted: device)] = count }
        return DraftVersions(counts: counts)
    }

    static func fetch(_ db: Database, draft: Draft) throws -> DraftVersions {
        let text = try String.fetchOne(
            db, sql: "SELECT versions FROM draft WHERE id = ?", arguments: [draft.id.rawValue])
        return try stored(text, draft: draft)
    }

    var revision: Int { counts.values.reduce(0, +) }

    /// The vector after one more save by `device`.
    func saved(by device: EntityID) -> DraftVersions {
        var next = self
        next.counts[device, default: 0] += 1
        return next
    }

    func merged(with other: DraftVersions) -> DraftVersions {
        DraftVersions(counts: counts.merging(other.counts, uniquingKeysWith: max))
    }

    /// How this version relates to `other`: `.before` when `other` has seen every save of this one.
    func order(comparedTo other: DraftVersions) -> Order {
        var behind = false
        var ahead = false
        for device in Set(counts.keys).union(other.counts.keys) {
            let mine = counts[device] ?? 0
            let theirs = other.counts[device] ?? 0
            if mine < theirs { behind = true }
            if mine > theirs { ahead = true }
        }
        switch (behind, ahead) {
        case (false, false): return .same
        case (true, false): return .before
        case (false, true): return .after
        case (true, true): return .concurrent
        }
    }

    /// The JSON the `versions` column holds: keys sorted, so equal vectors are equal text.
    var encoded: String {
        "{" + counts.sorted { $0.key < $1.key }.map { "\"\($0.key.rawValue)\":\($0.value)" }.joined(separator: ",")
            + "}"
    }
}
