import Foundation
import ParleyCore
import ParleyStore
import ParleySync

/// `sync.configure`, `sync.run` and `sync.status`: history shared with other machines through a target folder.
enum SyncMethods {
    static let all: [RPCMethod] = [configure, run, status]

    struct Configured: Encodable, Sendable {
        var target: String
        var targetID: EntityID
        var deviceID: EntityID
        var encrypted: Bool

        enum CodingKeys: String, CodingKey {
            case target, encrypted
            case targetID = "target_id"
            case deviceID = "device_id"
        }
    }

    static let configure = RPCMethod(
        name: "sync.configure",
        summary:
            "Joins the sync target at `target` (a folder path, file:// URL, sftp:// URL, WebDAV https:// URL or "
            + "s3:// URL), creating it when it is empty; "
            + "encrypted with the passphrase in `passphrase_file` when one is given. An encrypted target checks the "
            + "passphrase before anything is recorded.",
        params: [
            ParamSpec(
                "target", Schema.string, required: true,
                "an absolute folder path, a file:// URL, sftp://user@host[:port]/path, a WebDAV "
                    + "https://[user@]host/path URL, or s3://bucket/prefix (credentials from the AWS environment or "
                    + "~/.aws/credentials)"),
            ParamSpec(
                "password_file", Schema.string,
                "for a WebDAV target: a file only you can read holding the password of the URL's user (else "
                    + "~/.netrc is used)"),
            ParamSpec(
                "identity_file", Schema.string,
                "for an SFTP target: the ed25519 or ECDSA private key to log in with (else ssh-agent, then "
                    + "~/.ssh/id_ed25519 or ~/.ssh/id_ecdsa)"),
            ParamSpec(
                "host_key", Schema.string,
                "for an SFTP target: the server's host key fingerprint, SHA256:… as `ssh-keygen -lf` prints it, "
                    + "trusted instead of ~/.ssh/known_hosts"),
            ParamSpec(
                "passphrase_file", Schema.string,
                "a file only you can read holding the passphrase (never the passphrase itself)"),
            ParamSpec("reset", Schema.boolean, "write this device's history again and import every device anew"),
            ParamSpec("replace", Schema.boolean, "start a new target where the recorded one has vanished"),
        ],
        result: ResultSpec(
            "configured",
            Schema.object([
                "target": Schema.string, "target_id": Schema.id, "device_id": Schema.id, "encrypted": Schema.boolean,
            ]))
    ) { params, context in
        let target = try params.string("target")
        let descriptor = try await context.sync.engine.configure(
            url: target, passphraseFile: try params.optionalString("passphrase_file"),
            connection: TargetConnection(
                passwordFile: try params.optionalString("password_file"),
                identityFile: try params.optionalString("identity_file"),
                hostKey: try params.optionalString("host_key")),
            reset: try params.optionalBool("reset") ?? false, replace: try params.optionalBool("replace") ?? false)
        return Configured(
            target: target, targetID: descriptor.targetID, deviceID: context.store.deviceID,
            encrypted: descriptor.encryption != nil)
    }

    static let run = RPCMethod(
        name: "sync.run",
        summary:
            "Syncs now: exports this device's new changes, imports every other device's, and reports what it did. "
            + "Sends `sync.progress` notifications to the caller as segments are written and read; subscribers get "
            + "a `sync.imported` event for each conversation the import touched.",
        params: [],
        result: ResultSpec(
            "report",
            Schema.object([
                "exported_segments": ["type": "integer"], "imported_segments": ["type": "integer"],
                "applied_changes": ["type": "integer"], "conflicts": ["type": "integer"],
                "skipped": Schema.array(of: Schema.object(["path": Schema.string, "reason": Schema.string])),
                "content_hash": Schema.string,
            ]))
    ) { _, context in
        let (progress, continuation) = AsyncStream.makeStream(of: SyncProgress.self)
        let session = context.session
        let relay = Task {
            for await step in progress {
                let params: JSONValue =
                    switch step {
                    case let .exported(segment, records):
                        ["phase": "export", "segment": .string(segment), "records": .integer(Int64(records))]
                    case let .imported(segment, records):
                        ["phase": "import", "segment": .string(segment), "records": .integer(Int64(records))]
                    }
                guard let encoded = try? RPCResponseWriter.encode(params) else { continue }
                await session.notify(RPCResponseWriter.notification(method: "sync.progress", params: encoded))
            }
        }
        defer { continuation.finish() }
        let report = try await context.sync.run { step in continuation.yield(step) }
        continuation.finish()
        await relay.value
        return report
    }

    static let status = RPCMethod(
        name: "sync.status",
        summary:
            "The target, this device, the last run (with what it skipped), and every other device: how far it has "
            + "been imported and whether its history equals this one's (`verdict`).",
        params: [],
        result: ResultSpec(
            "status",
            Schema.object([
                "target": Schema.nullable("string"), "target_id": Schema.nullableID, "device_id": Schema.id,
                "encrypted": Schema.boolean, "last_run": Schema.nullable("integer"),
                "last_error": Schema.nullable("string"),
                "skipped": Schema.array(of: Schema.object(["path": Schema.string, "reason": Schema.string])),
                "exported_sequence": ["type": "integer"], "latest_change": ["type": "integer"],
                "content_hash": Schema.string, "target_error": Schema.nullable("string"),
                "target_kind": ["type": ["string", "null"], "enum": ["folder", "webdav", .null]],
                "reachable": Schema.nullable("boolean"),
                "peers": Schema.array(
                    of: Schema.object([
                        "device_id": Schema.id, "cursor": ["type": "integer"], "last_seen": Schema.nullable("integer"),
                        "last_error": Schema.nullable("string"), "head_sequence": Schema.nullable("integer"),
                        "content_hash": Schema.nullable("string"),
                        "verdict": Schema.choice(["in_sync", "diverged", "catching_up", "unknown"]),
                    ])),
            ]))
    ) { _, context in
        try await context.sync.engine.status()
    }
}
