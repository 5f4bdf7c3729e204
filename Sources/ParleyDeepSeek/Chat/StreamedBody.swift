import ParleyCore

/// How a request body asks for its answer, one rule for every body Parley sends: `stream` as given, and a
/// stream asks for usage on its last chunk, so every answer's cost is known whatever the frontend wanted.
public enum StreamedBody {
    /// `body` with `stream` set; a stream's other `stream_options` are kept, a whole answer has none.
    public static func setting(stream: Bool, in body: [String: JSONValue]) -> [String: JSONValue] {
        var body = body
        body["stream"] = .bool(stream)
        if stream {
            var options = body["stream_options"]?.objectValue ?? [:]
            options["include_usage"] = true
            body["stream_options"] = .object(options)
        } else {
            body["stream_options"] = nil
        }
        return body
    }
}
