import Foundation
import ParleyCore
import ParleyStore

/// Parses and maps conversations one at a time and gathers them into batches of a bounded size.
struct ImportBatcher {
    struct Limits: Sendable {
        var messages: Int
        var conversations: Int

        /// Big enough that a commit is rare beside the rows it holds, small enough that two batches in flight
        /// stay a few megabytes.
        static let standard = Limits(messages: 4_000, conversations: 500)
    }

    let format: ImportFormat
    let total: Int?
    let limits: Limits
    private var conversations: [ImportedConversation] = []
    private var groups: [ExportedRecords] = []
    private var items: [String] = []
    private var unreadable: [ImportSummary.Skipped] = []
    private var messages = 0
    private let decoder = JSONDecoder()

    init(format: ImportFormat, total: Int?, limits: Limits) {
        self.format = format
        self.total = total
        self.limits = limits
    }

    var isFull: Bool { messages >= limits.messages || items.count >= limits.conversations }
    var isEmpty: Bool { items.isEmpty && unreadable.isEmpty }

    mutating func take() -> ImportBatch {
        defer {
            conversations = []
            groups = []
            items = []
            unreadable = []
            messages = 0
        }
        return ImportBatch(
            content: format == .parley ? .records(groups) : .conversations(conversations), items: items,
            unreadable: unreadable, total: total)
    }

    /// One element of a JSON export: parsed, mapped by the format's reader, or kept as an unreadable item.
    mutating func add(element bytes: [UInt8], item: String) {
        if format == .parley {
            do {
                let group = try decoder.decode(ParleyExportGroup.self, from: Data(bytes))
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
        conversations.append(conversation)
        items.append("\(item) (id \(conversation.sourceID))")
        messages += conversation.messages.count
    }

    private mutating func append(_ group: ExportedRecords) {
        groups.append(group)
        items.append(group.name)
        messages += group.records.count
    }

    private mutating func unreadable(_ item: String, _ reason: String) {
        unreadable.append(ImportSummary.Skipped(item: item, reason: reason))
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
