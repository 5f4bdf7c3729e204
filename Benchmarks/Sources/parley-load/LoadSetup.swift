/// The untimed work before a run: a conversation for each appending connection, and the messages `get` reads.
enum LoadSetup {
    /// Creates a conversation on `connection` and returns its id.
    static func createConversation(
        on connection: LineConnection, title: String
    ) throws(LineConnection.Failure)
        -> String
    {
        let reply = try connection.call(RequestWriter.createConversation(id: 1, title: title))
        guard let id = ReplyLine.entityID(in: reply) else {
            throw LineConnection.Failure(
                description: "conversation.create failed: \(String(decoding: reply.prefix(300), as: UTF8.self))")
        }
        return id
    }

    /// Appends `count` messages to a new conversation, 100 requests in flight at a time, and returns their ids.
    static func appendKeys(path: String, count: Int, content: String) throws(LineConnection.Failure) -> [String] {
        let connection = try LineConnection(path: path)
        let conversation = try createConversation(on: connection, title: "parley-load keys")
        var keys: [String] = []
        keys.reserveCapacity(count)
        while keys.count < count {
            let batch = min(100, count - keys.count)
            var requests: [UInt8] = []
            for index in 0..<batch {
                requests += RequestWriter.append(id: index + 2, conversationID: conversation, content: content)
            }
            try connection.send(requests)
            var replies: [[UInt8]] = []
            while replies.count < batch {
                if !connection.nextLine({ replies.append(Array($0)) }) { try connection.receive() }
            }
            for reply in replies {
                guard let id = ReplyLine.entityID(in: reply) else {
                    throw LineConnection.Failure(
                        description: "message.append failed: \(String(decoding: reply.prefix(300), as: UTF8.self))")
                }
                keys.append(id)
            }
        }
        return keys
    }
}
