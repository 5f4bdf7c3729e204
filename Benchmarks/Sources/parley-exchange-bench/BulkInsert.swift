import ParleyStore

/// `bulk --messages N --database DB [--messages-per-conversation M]`: the import's anchor. Builds the
/// conversations `generate` writes, from the same seed, as already-parsed `ImportedConversation`s before the
/// clock starts, then times `store.imports.write` storing them in the importer's batches (4,000 messages or
/// 500 conversations): what the import costs without reading the file.
func bulkInsert(_ options: Options) async throws {
    let source = ConversationSource(
        messages: try options.int("messages"),
        messagesPerConversation: try options.int("messages-per-conversation", default: 20))
    var batches: [[ImportedConversation]] = [[]]
    var batchMessages = 0
    for conversation in source {
        if batchMessages >= 4_000 || batches[batches.count - 1].count >= 500 {
            batches.append([])
            batchMessages = 0
        }
        batches[batches.count - 1].append(conversation.imported)
        batchMessages += conversation.nodes.count
    }
    let store = try ParleyStore.open(path: try options.path("database"))
    let memory = MemoryPeak()
    let start = ContinuousClock.now
    var messages = 0
    var conversations = 0
    for batch in batches {
        for outcome in try await store.imports.write(batch) where outcome.kind == .added {
            messages += outcome.messagesAdded
            conversations += 1
        }
    }
    let elapsed = seconds(since: start)
    var report = Report()
    report.add("messages", messages)
    report.add("conversations", conversations)
    report.add("seconds", elapsed)
    report.add("rate", Double(messages) / elapsed)
    report.add(memory)
    try store.close()
    report.print()
}
