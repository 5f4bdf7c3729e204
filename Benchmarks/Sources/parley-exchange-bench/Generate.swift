import Foundation

/// `generate --out FILE (--messages N | --bytes B) [--messages-per-conversation M]`: writes a ChatGPT
/// `conversations.json`, one conversation at a time through a 1 MiB buffer, so a file of gigabytes costs the
/// memory of one conversation. With `--bytes` it stops at the first conversation that reaches that size.
func generate(_ options: Options) throws {
    let path = try options.path("out")
    let byteLimit = options.has("bytes") ? try options.int("bytes") : Int.max
    let messageLimit = options.has("bytes") ? Int.max : try options.int("messages")
    let source = ConversationSource(
        messages: messageLimit, messagesPerConversation: try options.int("messages-per-conversation", default: 20))
    guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
    else { throw UsageError("cannot create \(path)") }
    defer { try? file.close() }
    let start = ContinuousClock.now
    var buffer: [UInt8] = []
    buffer.reserveCapacity(2 << 20)
    var written = 0
    var messages = 0
    var conversations = 0
    buffer.append(UInt8(ascii: "["))
    for conversation in source {
        if conversations > 0 { buffer += ",\n".utf8 }
        ChatGPTJSON.append(conversation, to: &buffer)
        conversations += 1
        messages += conversation.nodes.count
        if buffer.count >= 1 << 20 {
            try file.write(contentsOf: buffer)
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        if written + buffer.count >= byteLimit { break }
    }
    buffer += "]\n".utf8
    try file.write(contentsOf: buffer)
    written += buffer.count
    var report = Report()
    report.add("messages", messages)
    report.add("conversations", conversations)
    report.add("bytes", written)
    report.add("seconds", seconds(since: start))
    report.print()
}
