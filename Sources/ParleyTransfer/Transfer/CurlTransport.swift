import CCurl
import Foundation

/// Runs requests on libcurl, streaming each response body to the caller as it arrives: the one place Parley
/// talks to libcurl, for the DeepSeek API and for every network sync target.
///
/// A transfer blocks a thread of its own (libcurl's easy interface), which the async caller waits for without
/// holding a thread of the cooperative pool. Easy handles are pooled, so consecutive requests to one server
/// reuse its connection. Proxies come from libcurl's own environment variables (`HTTPS_PROXY`, `NO_PROXY`);
/// HTTP/2 is used over TLS when the server offers it.
public final class CurlTransport: Sendable {
    private let handles = CurlHandlePool()

    public init() {}

    /// Sends `request`; `body` receives the response's bytes in order and returns false to stop reading.
    /// Returns the response head once the body has ended.
    public func perform(
        _ request: TransferRequest, cancellation: CancellationFlag,
        body: @escaping @Sendable (TransferResponseHead, Data) -> Bool
    ) async throws(TransferError) -> TransferResponseHead {
        let outcome: Result<TransferResponseHead, TransferError> = await withCheckedContinuation { continuation in
            let thread = Thread { [handles] in
                continuation.resume(
                    returning: Self.perform(request, handles: handles, cancellation: cancellation, body: body))
            }
            thread.name = "parley-http"
            thread.start()
        }
        return try outcome.get()
    }

    private static func perform(
        _ request: TransferRequest, handles: CurlHandlePool, cancellation: CancellationFlag,
        body: @escaping @Sendable (TransferResponseHead, Data) -> Bool
    ) -> Result<TransferResponseHead, TransferError> {
        let easy: CurlEasy
        do {
            easy = try handles.take()
        } catch {
            return .failure(error)
        }
        let transfer = CurlTransferContext(
            cancellation: cancellation, body: body, easy: easy, idleTimeoutSeconds: request.idleTimeoutSeconds)
        let context = Unmanaged.passRetained(transfer)
        defer { context.release() }
        let code: CURLcode
        do {
            try configure(easy, request, context: context.toOpaque())
            code = curl_easy_perform(easy.handle)
        } catch {
            return .failure(error)
        }
        let head = transfer.head()
        let outcome: Result<TransferResponseHead, TransferError>
        switch code {
        case CURLE_OK:
            outcome = .success(head)
        case CURLE_WRITE_ERROR where transfer.stoppedByCaller:
            outcome = .success(head)
        case _ where cancellation.isCancelled:
            outcome = .failure(.cancelled)
        case CURLE_ABORTED_BY_CALLBACK where transfer.idled:
            outcome = .failure(.idleTimeout(seconds: request.idleTimeoutSeconds))
        default:
            outcome = .failure(.connection(String(cString: curl_easy_strerror(code))))
        }
        handles.giveBack(easy)
        return outcome
    }

    private static func configure(
        _ easy: CurlEasy, _ request: TransferRequest, context: UnsafeMutableRawPointer
    ) throws(TransferError) {
        try easy.set(CURLOPT_URL, request.url)
        if let body = request.body {
            try easy.set(CURLOPT_POST, 1)
            try easy.setSize(CURLOPT_POSTFIELDSIZE_LARGE, body.count)
            try easy.setCopiedBody(body)
        } else if request.method == "HEAD" {
            try easy.set(CURLOPT_NOBODY, 1)
        }
        if request.method != (request.body == nil ? "GET" : "POST") {
            try easy.set(CURLOPT_CUSTOMREQUEST, request.method)
        }
        try easy.setHeaders(request.headers)
        switch request.authentication {
        case .none:
            break
        case let .netrc(file):
            try easy.set(CURLOPT_NETRC, Int(CURL_NETRC_OPTIONAL.rawValue))
            try easy.set(CURLOPT_NETRC_FILE, file)
            try easy.set(CURLOPT_HTTPAUTH, parley_curlauth_basic)
        case let .basic(user, password):
            try easy.set(CURLOPT_USERNAME, user)
            try easy.set(CURLOPT_PASSWORD, password)
            try easy.set(CURLOPT_HTTPAUTH, parley_curlauth_basic)
        }
        try easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutSeconds * 1000)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        try easy.setWriteCallback(CURLOPT_HEADERFUNCTION, CurlTransferContext.headerCallback)
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.setWriteCallback(CURLOPT_WRITEFUNCTION, CurlTransferContext.bodyCallback)
        try easy.set(CURLOPT_XFERINFODATA, pointer: context)
        try easy.setProgressCallback(CurlTransferContext.progressCallback)
        try easy.set(CURLOPT_NOPROGRESS, 0)
    }
}
