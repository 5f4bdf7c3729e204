import Foundation
import ParleyCore
import ParleyTransfer

/// Sending one WebDAV request with its retries, and what its failures say.
extension WebDAVDirectory {
    /// Sends `method` to `path` on the server, retrying busy answers and failed connections within the retry
    /// policy. A body larger than `maximumBytes` is refused without reading the rest. Refused credentials, and a
    /// server with no room, are errors at once.
    func send(
        _ method: String, _ path: String, headers: [String] = [], body: Data? = nil, maximumBytes: Int = 16 << 20,
        about remote: RemotePath
    ) async throws(ParleyError) -> TransferResponse {
        let request = link.request(
            method, origin + path, headers: headers, body: body, authentication: authentication)
        let response: TransferResponse
        do {
            response = try await link.exchange(request, maximumBytes: maximumBytes)
        } catch {
            throw failure(remote, error.explanation(method))
        }
        if response.status == 401 || response.status == 403 { throw refused(response.status) }
        if response.status == 507 {
            throw .diskFull(
                folder: location,
                reason: "the server has no room (HTTP 507 Insufficient Storage); nothing half-written was "
                    + "published, and the next sync writes it again")
        }
        return response
    }

    // MARK: - Messages

    /// An error naming the file or folder of the target at fault, by its URL without credentials.
    func failure(_ remote: RemotePath, _ reason: String) -> ParleyError {
        .sync(path: location + (remote.components.isEmpty ? "" : "/" + remote.description), reason: reason)
    }

    func unexpected(_ response: TransferResponse, _ method: String, _ remote: RemotePath) -> ParleyError {
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
            case let .netrc(file): "the entry for this host in \(file) (or its absence)"
            case .basic: "the password file"
            default: "no credentials"
            }
        return .sync(
            path: location,
            reason: "the server refused the credentials (HTTP \(status)) from \(source); check the user and password, "
                + "and that the user may write to this folder. Nothing was retried")
    }
}
