import Foundation
import ParleyCore
import ParleyStore

/// `system.ping`, `system.info`, `rpc.discover` and `id.resolve`.
enum SystemMethods {
    static let all: [RPCMethod] = [ping, info, discover, resolve]

    struct Pong: Encodable, Sendable {
        var pong = true
        var version = ParleyVersion.current
    }

    static let ping = RPCMethod(
        name: "system.ping", summary: "Checks that the daemon answers.", params: [],
        result: ResultSpec("pong", Schema.object(["pong": Schema.boolean, "version": Schema.string])),
        immediate: { _, _ in Pong() })

    struct Info: Encodable, Sendable {
        var version: String
        var schemaVersion: String
        var deviceID: EntityID
        var dataPath: String
        var databasePath: String
        var socketPath: String?
        var counts: Counts
        var subscriptions: Int
        var pid: Int32

        struct Counts: Encodable, Sendable {
            var conversations: Int
            var deletedConversations: Int
            var messages: Int
            var drafts: Int
            var usageRecords: Int
            var changes: Int

            enum CodingKeys: String, CodingKey {
                case conversations, messages, drafts, changes
                case deletedConversations = "deleted_conversations"
                case usageRecords = "usage_records"
            }
        }

        enum CodingKeys: String, CodingKey {
            case version, counts, subscriptions, pid
            case schemaVersion = "schema_version"
            case deviceID = "device_id"
            case dataPath = "data_path"
            case databasePath = "database_path"
            case socketPath = "socket_path"
        }
    }

    static let info = RPCMethod(
        name: "system.info", summary: "The daemon's version, schema version, device id, paths and counts.",
        params: [],
        result: ResultSpec(
            "info",
            Schema.object(
                [
                    "version": Schema.string, "schema_version": Schema.string, "device_id": Schema.id,
                    "data_path": Schema.string, "database_path": Schema.string,
                    "socket_path": Schema.nullable("string"), "counts": ["type": "object"],
                    "subscriptions": ["type": "integer"], "pid": ["type": "integer"],
                ], required: ["version", "schema_version", "device_id", "data_path", "counts"]))
    ) { _, context in
        let report = try await context.store.report(checkIntegrity: false)
        return Info(
            version: ParleyVersion.current, schemaVersion: report.schemaVersion, deviceID: report.deviceID,
            dataPath: (report.databasePath as NSString).deletingLastPathComponent, databasePath: report.databasePath,
            socketPath: context.configuration.socketPath,
            counts: Info.Counts(
                conversations: report.conversations, deletedConversations: report.deletedConversations,
                messages: report.messages, drafts: report.drafts, usageRecords: report.usageRecords,
                changes: report.changes),
            subscriptions: context.events.subscriptionCount, pid: ProcessInfo.processInfo.processIdentifier)
    }

    static let discover = RPCMethod(
        name: "rpc.discover", summary: "This API as an OpenRPC 1.x document.", params: [],
        result: ResultSpec("openrpc", ["type": "object", "required": ["openrpc", "info", "methods"]])
    ) { _, context in OpenRPCDocument.make(methods: context.methods) }

    static let resolve = RPCMethod(
        name: "id.resolve",
        summary: "The full id of the one conversation, message or draft whose id starts with a prefix.",
        params: [
            ParamSpec("prefix", Schema.string, required: true, "at least 4 characters of the id"),
            ParamSpec(
                "entities", Schema.array(of: Schema.choice(IdentifierRepository.Entity.allCases.map(\.rawValue))),
                "the kinds to look in (default: all)"),
            ParamSpec("include_deleted", Schema.boolean, "count deleted entities too (to restore them)"),
        ],
        result: ResultSpec(
            "match",
            Schema.object(
                [
                    "id": Schema.id,
                    "entity": Schema.choice(IdentifierRepository.Entity.allCases.map(\.rawValue)),
                ], required: ["id", "entity"]))
    ) { params, context in
        var entities: [IdentifierRepository.Entity] = []
        for (index, name) in (try params.optionalStrings("entities") ?? []).enumerated() {
            guard let entity = IdentifierRepository.Entity(rawValue: name) else {
                throw ParleyError.invalidValue(
                    field: "entities[\(index)]", value: name, rule: "must be conversation, message or draft")
            }
            entities.append(entity)
        }
        return try await context.store.identifiers.resolve(
            prefix: try params.string("prefix"), among: entities,
            includeDeleted: try params.optionalBool("include_deleted") ?? false)
    }
}
