import ParleyCore

/// The OpenAI tool-call shape every reader writes into ``ImportedMessage/toolCalls``.
extension JSONValue {
    /// `{"id": id, "type": "function", "function": {"name": name, "arguments": arguments}}`.
    static func functionCall(id: String, name: String, arguments: String) -> JSONValue {
        .object([
            "id": .string(id), "type": .string("function"),
            "function": .object(["name": .string(name), "arguments": .string(arguments)]),
        ])
    }

    /// This value as compact JSON text with sorted keys, so the same input always gives the same arguments.
    ///
    /// Parsed export values have only finite numbers, which always encode; `{}` stands in should one not.
    var sortedJSONText: String {
        (try? JSONCoding.encode(self)) ?? "{}"
    }
}
