import Foundation
import ParleyCore
import ParleyTransfer
import Synchronization

/// Sending one WebDAV request with its retries, and what its failures say.
extension WebDAVDirectory {
    /// A response as the operations read it.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    /// Statuses that mean "busy, try again": a lock held by another client, rate limits, a failing gateway.
    static let transientStatuses: Set<Int> = [408, 423, 425, 429, 500, 502, 503, 504]

    /// Sends `method` to `path` on the server, retrying busy answers and failed connections within the retry
    /// policy. A body larger than `maximumBytes` is refused without reading the rest. Refused credentials, and a
    /// server with no room, are errors at once.
    func send(
        _ method: String, _ path: String, headers: [String] = [], body: Data? = nil, maximumBytes: Int = 16 << 20,
        about remote: RemotePath
    ) async throws(ParleyError) -> Response {
        let request = TransferRequest(
            method: method, url: origin + path, headers: headers, body: body, authentication: authentication,
            connectTimeoutSeconds: connectTimeoutSeconds, idleTimeoutSeconds: idleTimeoutSeconds)
        var budget = RetryBudget(policy: retry)
        let cancellation = CancellationFlag()
        while true {
            budget.startAttempt()
            let received = Mutex(Data())
            let overflowed = Atomic(false)
            let outcome: Result<TransferResponseHead, TransferError>
            do {
                outcome = .success(
                    try await transport.perform(request, cancellation: cancellation) { _, bytes in
                        received.withLock { data in
                            guard data.count + bytes.count <= maximumBytes else {
                                overflowed.store(true, ordering: .relaxed)
                                return false
                            }
                            data.append(bytes)
                            return true
                        }
                    })
            } catch {
                outcome = .failure(error)
            }
            var retryAfter: Double?
            switch outcome {
            case let .success(head):
                if overflowed.load(ordering: .relaxed) {
                    throw failure(remote, "answered \(method) with more than \(maximumBytes) bytes; it was not used")
                }
                if head.status == 401 || head.status == 403 { throw refused(head.status) }
                if head.status == 507 {
                    throw .diskFull(
                        folder: location,
                        reason: "the server has no room (HTTP 507 Insufficient Storage); nothing half-written was "
                            + "published, and the next sync writes it again")
                }
                guard Self.transientStatuses.contains(head.status) else {
                    return Response(status: head.status, headers: head.headers, body: received.withLock { $0 })
                }
                retryAfter = RetryPolicy.retryAfterSeconds(head.headers["retry-after"])
                guard let delay = budget.delayBeforeRetry(retryAfter: retryAfter) else {
                    throw failure(remote, "\(method) stayed busy (HTTP \(head.status)) through \(budget.attempt) tries")
                }
                try await wait(delay, cancellation)
            case let .failure(error):
                guard case .connection = error, let delay = budget.delayBeforeRetry(retryAfter: nil) else {
                    throw failure(remote, "\(method) failed: \(error.summary) (\(budget.attempt) tries)")
                }
                try await wait(delay, cancellation)
            }
        }
    }

    private func wait(_ seconds: Double, _ cancellation: CancellationFlag) async throws(ParleyError) {
        do {
            try await RetryBudget.wait(seconds, cancellation: cancellation)
        } catch {
            throw .sync(path: location, reason: "cancelled")
        }
    }

    // MARK: - Messages

    /// An error naming the file or folder of the target at fault, by its URL without credentials.
    func failure(_ remote: RemotePath, _ reason: String) -> ParleyError {
        .sync(path: location + (remote.components.isEmpty ? "" : "/" + remote.description), reason: reason)
    }

    func unexpected(_ response: Response, _ method: String, _ remote: RemotePath) -> ParleyError {
        if response.status == 404 || response.status == 409 { return missingTarget() }
        return failure(remote, "\(method) was answered with HTTP \(response.status)")
    }

    func missingTarget() -> ParleyError {
        .sync(
            path: location,
            reason: "does not exist on the server (HTTP 404/409): create the folder first (sync never creates the "
                + "target folder itself, so a wrong URL cannot start a second history)")
    }

    private func refused(_ status: Int) -> ParleyError {
        let source =
            switch authentication {
            case .none: "no credentials"
            case let .netrc(file): "the entry for this host in \(file) (or its absence)"
            case .basic: "the password file"
            }
        return .sync(
            path: location,
            reason: "the server refused the credentials (HTTP \(status)) from \(source); check the user and password, "
                + "and that the user may write to this folder. Nothing was retried")
    }
}
