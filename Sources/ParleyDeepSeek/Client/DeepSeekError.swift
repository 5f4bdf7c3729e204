import Foundation
import ParleyCore
import ParleyTransfer

/// Why a call to the API did not give a whole answer.
public enum DeepSeekError: Error, Equatable, Sendable {
    /// The API answered with an error status and its `{"error": {message, type, code}}` body.
    case api(status: Int, message: String, type: String?, code: String?)
    /// The request never got an answer: the connection failed or was cut before a reply started.
    case transport(TransferError)
    /// What came back is not what the API sends: a malformed stream line, a chunk that is not JSON, a body
    /// that is not a completion. The message names what was wrong.
    case malformed(String)
    /// The answer started streaming and then stopped (connection dropped, idle timeout, cancel): what
    /// arrived so far, and why it stopped. Nothing is retried once a stream has started.
    case interrupted(partial: ChatCompletion, reason: InterruptionReason)
    /// No API key is configured, so nothing was sent.
    case missingAPIKey

    /// Why a started answer stopped.
    public enum InterruptionReason: Equatable, Sendable {
        case transport(TransferError)
        case malformed(String)
        case endedWithoutDone
    }

    /// What the user can do about it, for the error the daemon reports.
    public var hint: String? {
        switch self {
        case .api(status: 401, _, _, _): "check DEEPSEEK_API_KEY (or the key in the daemon's config file)"
        case .api(status: 402, _, _, _): "the account's balance is used up: top it up on the DeepSeek platform"
        case .api(status: 400, _, _, _), .api(status: 422, _, _, _): "the request was refused as it was sent"
        case .api(status: 429, _, _, _): "the rate limit was reached: wait, or send fewer requests at once"
        case .api(status: 500, _, _, _), .api(status: 503, _, _, _): "the API is failing or overloaded: retry later"
        case .missingAPIKey: "set DEEPSEEK_API_KEY, or api_key in the daemon's config file"
        case .interrupted: "the text so far is kept; continue it by prefix"
        default: nil
        }
    }

    /// Whether sending the same request again may succeed: rate limits, server failures and connections
    /// that failed before any answer.
    var isRetryable: Bool {
        switch self {
        case .api(status: 429, _, _, _), .api(status: 500, _, _, _), .api(status: 503, _, _, _): true
        case .transport(.connection): true
        default: false
        }
    }

    /// The error an API error status and its body stand for; a body that is not the API's error object is
    /// quoted (shortened) as the message.
    static func api(status: Int, body: Data) -> DeepSeekError {
        let error = (try? JSONParser.parse(body))?["error"]
        guard let message = error?["message"]?.stringValue else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return .api(status: status, message: text.isEmpty ? "HTTP \(status)" : text, type: nil, code: nil)
        }
        let code: String? =
            switch error?["code"] {
            case let .string(text): text
            case let .integer(number): String(number)
            default: nil
            }
        return .api(status: status, message: message, type: error?["type"]?.stringValue, code: code)
    }
}
