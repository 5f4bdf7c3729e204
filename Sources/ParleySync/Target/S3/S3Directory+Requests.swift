import Crypto
import Foundation
import ParleyCore
import ParleyTransfer

/// Sending one signed S3 request with its retries, and what its failures say.
extension S3Directory {
    /// The SHA-256 of the empty body, which every bodiless request declares.
    static let emptyBodyHash = hex(Data(SHA256.hash(data: Data())))

    /// Sends `method` for `key` (a query in ``S3Query`` form may follow), signed, retrying busy answers and
    /// failed connections within the retry policy. Refused credentials are an error at once.
    func send(
        _ method: String, key: String, query: String = "", headers: [String] = [], body: Data? = nil,
        maximumBytes: Int = 16 << 20, about remote: RemotePath
    ) async throws(ParleyError) -> TransferResponse {
        var lines = headers
        lines.append(
            "x-amz-content-sha256: " + (body.map { Self.hex(Data(SHA256.hash(data: $0))) } ?? Self.emptyBodyHash))
        if let token = profile.sessionToken { lines.append("x-amz-security-token: \(token)") }
        if body != nil { lines.append("content-type: application/octet-stream") }
        let path = key.isEmpty ? place.bucketPath + "/" : place.path(ofKey: key)
        let request = link.request(
            method, place.origin + path + (query.isEmpty ? "" : "?" + query), headers: lines, body: body,
            authentication: .awsSigV4(
                region: place.region, accessKeyID: profile.accessKeyID, secretAccessKey: profile.secretAccessKey))
        let response: TransferResponse
        do {
            response = try await link.exchange(request, maximumBytes: maximumBytes)
        } catch {
            throw failure(remote, error.explanation(method))
        }
        if response.status == 401 || response.status == 403 { throw refused(response) }
        return response
    }

    // MARK: - Messages

    /// An error naming the file or folder of the target at fault.
    func failure(_ remote: RemotePath, _ reason: String) -> ParleyError {
        .sync(path: location + (remote.components.isEmpty ? "" : ": " + remote.description), reason: reason)
    }

    func unexpected(_ response: TransferResponse, _ method: String, _ remote: RemotePath) -> ParleyError {
        let code = Self.errorCode(response.body)
        if code == "NoSuchBucket" {
            return .sync(
                path: location,
                reason: "the bucket \(place.bucket) does not exist: create it first (sync never creates a bucket, so a "
                    + "wrong URL cannot start a second history)")
        }
        if code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" {
            return .sync(
                path: location,
                reason: "the bucket is in another region than \(place.region) (\(code ?? "")): set AWS_REGION or add "
                    + "?region=… to the URL")
        }
        return failure(remote, "\(method) was answered with HTTP \(response.status)" + (code.map { " (\($0))" } ?? ""))
    }

    private func refused(_ response: TransferResponse) -> ParleyError {
        let code = Self.errorCode(response.body).map { " (\($0))" } ?? ""
        return .sync(
            path: location,
            reason: "the store refused the credentials \(profile)\(code), HTTP \(response.status): check the keys, the "
                + "region \(place.region), and that they may read and write this bucket. Nothing was retried")
    }

    /// The `<Code>` of an S3 error body, when it has one that reads as a code.
    static func errorCode(_ body: Data) -> String? {
        guard body.count <= 64 << 10 else { return nil }
        let text = String(decoding: body, as: UTF8.self)
        guard let start = text.range(of: "<Code>"),
            let end = text.range(of: "</Code>", range: start.upperBound..<text.endIndex)
        else { return nil }
        let code = String(text[start.upperBound..<end.lowerBound])
        return code.count <= 64 && code.allSatisfy({ $0.isLetter || $0.isNumber }) ? code : nil
    }

    static func hex(_ data: Data) -> String {
        data.map { String(format: "%02x", $0) }.joined()
    }
}
