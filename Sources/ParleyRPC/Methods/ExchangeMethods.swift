import Foundation
import ParleyCore
import ParleyExchange
import ParleyStore

/// `import.run` and `export.run`: history brought in from other tools' exports, and taken out again.
enum ExchangeMethods {
    static let all: [RPCMethod] = [importRun, exportRun]

    static let importRun = RPCMethod(
        name: "import.run",
        summary:
            "Imports the chat history at `path` (a file, a folder or a .zip): llm's logs.db, ChatGPT's, DeepSeek's, "
            + "Open WebUI's or Claude's export, or a Parley export. The format is recognised unless given; a file "
            + "of another format or a truncated one is refused before anything is stored. Each conversation is "
            + "stored whole or not at all; a damaged one is skipped with its reason. Importing again adds only "
            + "what is new. Sends `import.progress` notifications ({format, done, total, messages_added}) to the "
            + "caller after every batch.",
        params: [
            ParamSpec("path", Schema.string, required: true, "an absolute path to the export"),
            ParamSpec(
                "format", Schema.choice(ImportFormat.allCases.map(\.rawValue)),
                "the export's format (default: recognised)"),
            ParamSpec("dry_run", Schema.boolean, "check and count everything, store nothing"),
        ],
        result: ResultSpec(
            "summary",
            Schema.object([
                "format": Schema.string, "dry_run": Schema.boolean,
                "conversations": Schema.object([
                    "added": ["type": "integer"], "updated": ["type": "integer"], "unchanged": ["type": "integer"],
                ]),
                "messages": Schema.object(["added": ["type": "integer"], "unchanged": ["type": "integer"]]),
                "skipped": Schema.array(of: Schema.object(["item": Schema.string, "reason": Schema.string])),
            ]))
    ) { params, context in
        let request = ImportRequest(
            path: try params.string("path"), format: try params.optionalChoice("format", of: ImportFormat.self),
            dryRun: try params.optionalBool("dry_run") ?? false)
        let session = context.session
        let summary = try await Importer(store: context.store).run(request) { progress in
            guard let encoded = try? RPCResponseWriter.encode(progress) else { return }
            await session.notify(RPCResponseWriter.notification(method: "import.progress", params: encoded))
        }
        if !request.dryRun, summary.conversations.added + summary.conversations.updated > 0 {
            context.publish("import.done", conversationID: nil, key: "summary", summary)
        }
        return summary
    }

    static let exportRun = RPCMethod(
        name: "export.run",
        summary:
            "Exports conversations to `path`: `parley` writes one lossless JSON file (every branch, drafts and usage; "
            + "importing it into an empty store gives the same content hash), `markdown` fills a folder with one "
            + "file per conversation (front matter, the current branch, thinking folded). All conversations unless "
            + "`conversation_ids` or `since` narrow them.",
        params: [
            ParamSpec(
                "path", Schema.string, required: true, "an absolute path: the file (parley) or folder (markdown)"),
            ParamSpec("format", Schema.choice(ExportFormat.allCases.map(\.rawValue)), required: true, "what to write"),
            ParamSpec("conversation_ids", Schema.array(of: Schema.id), "only these conversations"),
            ParamSpec("since", Schema.time, "only conversations changed since then (RFC 3339)"),
        ],
        result: ResultSpec(
            "summary",
            Schema.object([
                "format": Schema.string, "path": Schema.string, "conversations": ["type": "integer"],
                "messages": ["type": "integer"], "files": ["type": "integer"], "bytes": ["type": "integer"],
            ]))
    ) { params, context in
        let ids = try params.optionalStrings("conversation_ids")?.enumerated().map {
            (index, text) throws(ParleyError) in
            try EntityID(validating: text, field: "conversation_ids[\(index)]")
        }
        return try await Exporter(store: context.store).run(
            ExportRequest(
                path: try params.string("path"), format: try params.choice("format", of: ExportFormat.self),
                conversationIDs: ids, since: try params.optionalTime("since")))
    }
}
