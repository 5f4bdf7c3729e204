import CCurl
import Foundation
import Synchronization

/// Why a transfer failed before or while its body arrived (HTTP error statuses are not failures here).
public enum HTTPTransportError: Error, Equatable, Sendable {
    /// libcurl refused to set up the request.
    case setup(String)
    /// The connection could not be made or broke: DNS, refused, reset, TLS, timeouts.
    case connection(String)
    /// No byte arrived for the idle timeout (keep-alive comments count as bytes).
    case idleTimeout(seconds: Int)
    /// The caller cancelled the transfer.
    case cancelled
}

/// One HTTP POST to send.
struct HTTPRequest: Sendable {
    var url: String
    var headers: [String]
    var body: Data
    var connectTimeoutSeconds: Int
    var idleTimeoutSeconds: Int
}

/// The status and headers of a response, known before its body.
struct HTTPResponseHead: Sendable {
    var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    var headers: [String: String]
}

/// A flag a running transfer checks between chunks and at least once a second.
public final class CancellationFlag: Sendable {
    private let raised = Atomic(false)

    public init() {}

    public func cancel() { raised.store(true, ordering: .releasing) }
    public var isCancelled: Bool { raised.load(ordering: .acquiring) }
}

/// Runs HTTP POSTs on libcurl, streaming each response body to the caller as it arrives.
///
/// A transfer blocks a thread of its own (libcurl's easy interface), which the async caller waits for without
/// holding a thread of the cooperative pool. Proxies come from libcurl's own environment variables
/// (`HTTPS_PROXY`, `NO_PROXY`); HTTP/2 is used over TLS when the server offers it.
final class HTTPTransport: Sendable {
    private let handles = CurlHandlePool()

    /// Sends `request`; `body` receives the response's bytes in order and returns false to stop reading.
    /// Returns the response head once the body has ended.
    func post(
        _ request: HTTPRequest, cancellation: CancellationFlag,
        body: @escaping @Sendable (HTTPResponseHead, Data) -> Bool
    ) async throws(HTTPTransportError) -> HTTPResponseHead {
        let outcome: Result<HTTPResponseHead, HTTPTransportError> = await withCheckedContinuation { continuation in
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
        _ request: HTTPRequest, handles: CurlHandlePool, cancellation: CancellationFlag,
        body: @escaping @Sendable (HTTPResponseHead, Data) -> Bool
    ) -> Result<HTTPResponseHead, HTTPTransportError> {
        let easy: CurlEasy
        do {
            easy = try handles.take()
        } catch {
            return .failure(error)
        }
        let transfer = Transfer(
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
        let outcome: Result<HTTPResponseHead, HTTPTransportError>
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
        _ easy: CurlEasy, _ request: HTTPRequest, context: UnsafeMutableRawPointer
    ) throws(HTTPTransportError) {
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_POST, 1)
        try easy.setSize(CURLOPT_POSTFIELDSIZE_LARGE, request.body.count)
        try easy.setCopiedBody(request.body)
        try easy.setHeaders(request.headers)
        try easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutSeconds * 1000)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        try easy.setWriteCallback(CURLOPT_HEADERFUNCTION, Transfer.headerCallback)
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.setWriteCallback(CURLOPT_WRITEFUNCTION, Transfer.bodyCallback)
        try easy.set(CURLOPT_XFERINFODATA, pointer: context)
        try easy.setProgressCallback(Transfer.progressCallback)
        try easy.set(CURLOPT_NOPROGRESS, 0)
    }
}

/// What one transfer's libcurl callbacks share; touched only on the transfer's thread.
private final class Transfer {
    let cancellation: CancellationFlag
    let body: @Sendable (HTTPResponseHead, Data) -> Bool
    let easy: CurlEasy
    private var status = 0
    private var headers: [String: String] = [:]
    private(set) var stoppedByCaller = false
    /// No byte arrived for the idle timeout; the progress callback stopped the transfer.
    private(set) var idled = false
    private let idleTimeout: Duration
    private var lastByte = ContinuousClock.now

    init(
        cancellation: CancellationFlag, body: @escaping @Sendable (HTTPResponseHead, Data) -> Bool, easy: CurlEasy,
        idleTimeoutSeconds: Int
    ) {
        self.cancellation = cancellation
        self.body = body
        self.easy = easy
        self.idleTimeout = .seconds(idleTimeoutSeconds)
    }

    func head() -> HTTPResponseHead {
        HTTPResponseHead(status: status == 0 ? easy.responseCode() : status, headers: headers)
    }

    static let headerCallback: parley_curl_write_callback = { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        transfer.lastByte = .now
        guard let data else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new response (after a redirect or `100 Continue`): forget the previous one's headers.
            transfer.headers = [:]
            transfer.status = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            transfer.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return length
    }

    static let bodyCallback: parley_curl_write_callback = { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard !transfer.cancellation.isCancelled else { return 0 }
        guard let data, length > 0 else { return length }
        transfer.lastByte = .now
        let bytes = Data(bytes: data, count: length)
        guard transfer.body(transfer.head(), bytes) else {
            transfer.stoppedByCaller = true
            return 0
        }
        return length
    }

    /// Called several times a second while the transfer runs, bytes or not: it ends a cancelled transfer,
    /// and one that has been silent for the idle timeout (keep-alive comments are bytes, so they reset it).
    static let progressCallback: parley_curl_xferinfo_callback = { context, _, _, _, _ in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        if transfer.cancellation.isCancelled { return 1 }
        if ContinuousClock.now - transfer.lastByte > transfer.idleTimeout {
            transfer.idled = true
            return 1
        }
        return 0
    }
}
