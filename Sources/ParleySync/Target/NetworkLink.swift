import Foundation
import ParleyTransfer

/// What every network target holds: the transport its requests go through, its timeouts and retries, and the
/// meter that counts what its requests cost.
struct NetworkLink: Sendable {
    let transport: CurlTransport
    let options: NetworkOptions
    let meter = TransferMeter()

    /// A request bounded by the link's timeouts.
    func request(
        _ method: String, _ url: String, headers: [String] = [], body: Data? = nil,
        authentication: TransferAuthentication
    ) -> TransferRequest {
        TransferRequest(
            method: method, url: url, headers: headers, body: body, authentication: authentication,
            connectTimeoutSeconds: options.connectTimeoutSeconds, idleTimeoutSeconds: options.idleTimeoutSeconds)
    }

    /// Sends `request` with the link's retries, counted by its meter.
    func exchange(_ request: TransferRequest, maximumBytes: Int) async throws(ExchangeFailure) -> TransferResponse {
        try await transport.exchange(request, retry: options.retry, maximumBytes: maximumBytes, meter: meter)
    }
}
