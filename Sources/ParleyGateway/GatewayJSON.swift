import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore

/// JSON bodies in and out of the gateway, with Parley's own parser and encoder (the ones the store and the API
/// client use), so a number or a string reads the same whichever door it came in by.
enum GatewayJSON {
    static func response(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    )
        -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json"
        let bytes = (try? JSONStreamEncoder.encodeBytes(value)) ?? Array(#"{"error":{"message":"unencodable"}}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The request body as a JSON object, or a 400 saying why it is not one.
    static func object(_ buffer: ByteBuffer) throws(OpenAIError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw OpenAIError(
                status: .badRequest, message: "the request body is not JSON: \(error.description)",
                type: "invalid_request_error")
        }
        guard case let .object(object) = value else {
            throw OpenAIError(
                status: .badRequest, message: "the request body must be a JSON object", type: "invalid_request_error")
        }
        return object
    }
}
