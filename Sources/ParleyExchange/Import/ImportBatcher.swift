import Foundation
import ParleyCore
import ParleyStore

/// Parses and maps conversations one at a time and gathers them into batches of a bounded size.
struct ImportBatcher {
    struct Limits: Sendable {
        var messages: Int
        var conversations: Int
    }

    let format: ImportFormat
    let total: Int?
    let limits: Limits
    private var batch: ImportBatch
    private var messages = 0

    init(format: ImportFormat, total: Int?, limits: Limits) {
        self.format = format
        self.total = total
        self.limits = limits
        batch = Self.emptyBatch(format: format, total: total)
    }

    var isFull: Bool { messages >= limits.messages || batch.items.count >= limits.conversations }
    var isEmpty: Bool { batch.isEmpty }

    mutating func take() -> ImportBatch {
        defer {
            batch = Self.emptyBatch(format: format, total: total)
            messages = 0
        }
        return batch
    }

    /// One element of a JSON export: parsed, mapped by the format's reader, or kept as an unreadable item.
    mutating func add(element bytes: [UInt8], item: String) {
        if format == .parley {
            do {
                let group = try JSONDecoder().decode(ParleyExportGroup.self, from: Data(bytes))
                append(group.records(name: item))
            } catch {
                unreadable(item, "is not a conversation of a Parley export (\(Self.describe(error)))")
            }
            return
        }
        let element: JSONValue
        do {
            element = try JSONParser.parse(bytes)
        } catch {
            unreadable(item, "is not valid JSON (\(error))")
            return
        }
        let readers = JSONFormats.readers(for: format)
        guard let reader = readers.first(where: { $0.recognizes(element) }) ?? readers.first else { return }
        do {
            append(try reader.conversation(from: element), item: item)
        } catch {
            unreadable(item, error.reason)
        }
    }

    /// One conversation an SQLite reader produced, or why it could not.
    mutating func add(_ result: Result<ImportedConversation, ImportItemFailure>, item: String) {
        switch result {
        case let .success(conversation): append(conversation, item: item + " conversation")
        case let .failure(failure): unreadable(item, failure.reason)
        }
    }

    private mutating func append(_ conversation: ImportedConversation, item: String) {
        guard case var .conversations(conversations) = batch.content else { return }
        batch.content = .conversations([])
        conversations.append(conversation)
        batch.content = .conversations(conversations)
        batch.items.append("\(item) (id \(conversation.sourceID))")
        messages += conversation.messages.count
    }

    private mutating func append(_ group: ExportedRecords) {
        guard case var .records(groups) = batch.content else { return }
        batch.content = .records([])
        groups.append(group)
        batch.content = .records(groups)
        batch.items.append(group.name)
        messages += group.records.count
    }

    private mutating func unreadable(_ item: String, _ reason: String) {
        batch.unreadable.append(ImportSummary.Skipped(item: item, reason: reason))
    }

    private static func emptyBatch(format: ImportFormat, total: Int?) -> ImportBatch {
        ImportBatch(content: format == .parley ? .records([]) : .conversations([]), items: [], total: total)
    }

    /// A decoding error as a person reads it: the path to the field and what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        }
        switch error {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(path(context)): \(context.debugDescription)"
        case let .keyNotFound(key, context):
            return "\(path(context)).\(key.stringValue) is missing"
        @unknown default:
            return "\(error)"
        }
    }
}
