import Foundation
import ParleyCore

/// Encodes JSON-RPC responses and notifications as single lines of UTF-8 JSON.
///
/// The envelope is spliced from bytes around the separately encoded result, so a result is encoded once
/// whatever the id, by ``JSONStreamEncoder``.
enum RPCResponseWriter {
    private static let resultOpen = Array(#"{"jsonrpc":"2.0","id":"#.utf8)

    /// `value` as JSON bytes.
    static func encode(_ value: some Encodable) throws -> Data {
        try JSONStreamEncoder.encode(value)
    }

    static func success(id: JSONValue, result: Data) throws -> Data {
        var line = Data(resultOpen)
        line.append(try encode(id))
        line.append(contentsOf: #","result":"#.utf8)
        line.append(result)
        line.append(UInt8(ascii: "}"))
        return line
    }

    static func failure(id: JSONValue, error: RPCError) -> Data {
        var line = Data(resultOpen)
        line.append((try? encode(id)) ?? Data("null".utf8))
        line.append(contentsOf: #","error":"#.utf8)
        line.append(
            (try? encode(error)) ?? Data(#"{"code":-32603,"message":"internal error: unencodable error"}"#.utf8)
        )
        line.append(UInt8(ascii: "}"))
        return line
    }

    /// A batch reply: the members' replies as one JSON array.
    static func batch(_ replies: [Data]) -> Data {
        var line = Data([UInt8(ascii: "[")])
        for (index, reply) in replies.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(reply)
        }
        line.append(UInt8(ascii: "]"))
        return line
    }

    /// A server notification: `{"jsonrpc":"2.0","method":…,"params":…}` with `params` already encoded.
    static func notification(method: String, params: Data) -> Data {
        var line = Data(#"{"jsonrpc":"2.0","method":"#.utf8)
        line.append((try? encode(method)) ?? Data(#""event""#.utf8))
        line.append(contentsOf: #","params":"#.utf8)
        line.append(params)
        line.append(UInt8(ascii: "}"))
        return line
    }
}
