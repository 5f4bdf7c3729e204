import ParleyClient
import ParleyCore

/// Turns what the user typed (a full id or a unique prefix of one) into a full id, through the daemon.
enum IDResolver {
    static func resolve(
        _ typed: String, among entities: [String], includeDeleted: Bool = false, client: DaemonClient
    ) throws -> (id: String, entity: String) {
        if EntityID(rawValue: typed) != nil, entities.count == 1 { return (typed.lowercased(), entities[0]) }
        let match = try client.call(
            "id.resolve",
            [
                "prefix": .string(typed), "entities": .array(entities.map { .string($0) }),
                "include_deleted": .bool(includeDeleted),
            ])
        return (match["id"]?.text ?? typed, match["entity"]?.text ?? entities.first ?? "")
    }
}
