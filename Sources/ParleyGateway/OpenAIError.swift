import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyChat
import ParleyCore
import ParleyDeepSeek

/// An error as OpenAI's API reports it, `{"error": {"message", "type", "param", "code"}}` with a real HTTP
/// status, which every OpenAI SDK turns into its own exception with the message intact.
struct OpenAIError: Error {
    var status: HTTPResponse.Status
    var message: String
    var type: String
    var param: String?
    var code: String?

    /// A parameter that breaks a rule: 400, naming the parameter, the value and the rule.
    static func invalid(_ param: String, value: String, rule: String) -> OpenAIError {
        let shown = value.count > 200 ? String(value.prefix(200)) + "…" : value
        return OpenAIError(
            status: .badRequest, message: "\(param) \(shown.isEmpty ? "" : "(\(shown)) ")\(rule)",
            type: "invalid_request_error", param: param, code: "invalid_value")
    }

    static func unauthorized(_ message: String) -> OpenAIError {
        OpenAIError(
            status: .unauthorized, message: message, type: "invalid_request_error", param: nil,
            code: "invalid_api_key")
    }

    /// A store error in OpenAI's terms: a rule broken is 400, something missing 404, a full disk 507.
    init(_ error: ParleyError) {
        switch error {
        case let .invalidValue(field, value, rule):
            self = .invalid(field, value: value, rule: rule)
        case let .notFound(entity, id):
            self.init(
                status: .notFound, message: "no \(entity) \(id)", type: "invalid_request_error", param: nil,
                code: "not_found")
        case .diskFull:
            self.init(
                status: .init(code: 507), message: error.description, type: "server_error", param: nil,
                code: "disk_full")
        default:
            self.init(status: .internalServerError, message: error.description, type: "server_error")
        }
    }

    /// What the API said, with its own status and body fields, so a frontend sees DeepSeek's error as if it
    /// had called DeepSeek; failures to reach it are 502, a missing key 503.
    init(_ error: ChatRunError) {
        switch error {
        case let .upstream(.api(status, message, type, code), _):
            let status = (400...599).contains(status) ? status : 502
            self.init(
                status: .init(code: status), message: message, type: type ?? "api_error", param: nil, code: code)
        case .upstream(.missingAPIKey, _):
            self.init(
                status: .serviceUnavailable,
                message: "Parley has no DeepSeek API key: set DEEPSEEK_API_KEY, or api_key in the daemon's config file",
                type: "server_error", param: nil, code: "no_api_key")
        case let .upstream(failure, _):
            self.init(
                status: .badGateway, message: "the DeepSeek API gave no answer: \(failure)", type: "api_error",
                param: nil, code: "upstream_unreachable")
        case let .unavailable(reason):
            self.init(status: .serviceUnavailable, message: reason, type: "server_error", param: nil, code: nil)
        }
    }

    init(
        status: HTTPResponse.Status, message: String, type: String, param: String? = nil, code: String? = nil
    ) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
    }

    /// Any error a handler throws, in OpenAI's terms.
    static func from(_ error: any Error) -> OpenAIError {
        switch error {
        case let error as OpenAIError: error
        case let error as ParleyError: OpenAIError(error)
        case let error as ChatRunError: OpenAIError(error)
        default: OpenAIError(status: .internalServerError, message: "\(error)", type: "server_error")
        }
    }

    var body: JSONValue {
        [
            "error": [
                "message": .string(message), "type": .string(type), "param": param.map(JSONValue.string) ?? .null,
                "code": code.map(JSONValue.string) ?? .null,
            ]
        ]
    }

    var response: Response {
        GatewayJSON.response(body, status: status)
    }
}
