import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyTransfer

/// How a failed call to the API reads on the wire: error -32003 with the HTTP status, the API's message and
/// what to do, or -32006 when no key is configured.
enum UpstreamFailure {
    /// A failed completion as JSON-RPC says it.
    static func rpcError(_ failure: ChatRunError, requestID: String?) -> RPCError {
        switch failure {
        case let .upstream(error, keptDraft): rpcError(error, requestID: requestID, keptDraft: keptDraft)
        case let .unavailable(reason): .unavailable(reason)
        }
    }

    /// `requestID` names the `chat.complete` call that failed (nil for `fim.complete`, which has none).
    static func rpcError(_ error: DeepSeekError, requestID: String?, keptDraft: EntityID? = nil) -> RPCError {
        var data: [String: JSONValue] = [:]
        if let requestID { data["request_id"] = .string(requestID) }
        if let hint = error.hint { data["hint"] = .string(hint) }
        if let keptDraft { data["draft_id"] = .string(keptDraft.rawValue) }
        let message: String
        switch error {
        case let .api(status, apiMessage, type, code):
            data["status"] = .integer(Int64(status))
            data["message"] = .string(apiMessage)
            if let type { data["type"] = .string(type) }
            if let code { data["code"] = .string(code) }
            message = "the DeepSeek API answered HTTP \(status): \(apiMessage)"
        case let .transport(failure):
            data["reason"] = .string(failure.summary)
            message = "the DeepSeek API could not be reached: \(failure.summary)"
        case let .malformed(reason):
            data["reason"] = .string(reason)
            message = "the DeepSeek API sent something that is not its answer: \(reason)"
        case let .interrupted(_, reason):
            let why = describe(reason)
            data["reason"] = .string(why)
            data["interrupted"] = true
            message =
                "the answer stopped after it started: \(why)"
                + (keptDraft.map { "; its text so far is kept as draft \($0)" } ?? "")
        case .missingAPIKey:
            return RPCError(
                code: -32006,
                message: "no DeepSeek API key is configured, so nothing was sent (\(error.hint ?? ""))",
                data: .object(data))
        }
        let hinted = error.hint.map { "\(message) (\($0))" } ?? message
        return RPCError(code: -32003, message: hinted, data: .object(data))
    }

    static func describe(_ reason: DeepSeekError.InterruptionReason) -> String {
        switch reason {
        case let .transport(failure): failure.summary
        case let .malformed(detail): "a malformed stream: \(detail)"
        case .endedWithoutDone: "the stream ended without [DONE]"
        }
    }
}
