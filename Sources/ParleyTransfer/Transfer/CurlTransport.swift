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
        let transfer = CurlTransferContext(cancellation: cancellation, body: body, easy: easy, request: request)
        let context = Unmanaged.passRetained(transfer)
        defer { context.release() }
        let code: CURLcode
        do {
            try configure(easy, request, transfer: transfer, context: context.toOpaque())
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
        case CURLE_PEER_FAILED_VERIFICATION where transfer.hostKeyRejection != nil:
            outcome = .failure(.hostKey(transfer.hostKeyRejection!))
        default:
            outcome = .failure(failure(code, transfer.errorText(or: String(cString: curl_easy_strerror(code)))))
        }
        handles.giveBack(easy)
        return outcome
    }

    /// A failed transfer's code, sorted by what the caller can do about it.
    private static func failure(_ code: CURLcode, _ text: String) -> TransferError {
        switch code {
        case CURLE_LOGIN_DENIED: .loginDenied(text)
        case CURLE_REMOTE_FILE_NOT_FOUND: .notFound(text)
        case CURLE_REMOTE_ACCESS_DENIED: .accessDenied(text)
        case CURLE_REMOTE_DISK_FULL: .diskFull(text)
        // An SFTP command's failure names its SFTP status; "unknown" means the connection failed under it.
        case CURLE_QUOTE_ERROR where text.contains("Unknown error in libssh2"): .connection(text)
        case CURLE_QUOTE_ERROR: .commandFailed(text)
        case CURLE_OUT_OF_MEMORY, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION: .setup(text)
        default: .connection(text)
        }
    }

    private static func configure(
        _ easy: CurlEasy, _ request: TransferRequest, transfer: CurlTransferContext, context: UnsafeMutableRawPointer
    ) throws(TransferError) {
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(transfer.errorBuffer))
        if request.isFileTransfer {
            try configureFileTransfer(easy, request, context: context)
        } else if let body = request.body {
            try easy.set(CURLOPT_POST, 1)
            try easy.setSize(CURLOPT_POSTFIELDSIZE_LARGE, body.count)
            try easy.setCopiedBody(body)
        } else if request.method == "HEAD" {
            try easy.set(CURLOPT_NOBODY, 1)
        }
        if !request.isFileTransfer, request.method != (request.body == nil ? "GET" : "POST") {
            try easy.set(CURLOPT_CUSTOMREQUEST, request.method)
        }
        try easy.setList(CURLOPT_HTTPHEADER, request.headers)
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
        case let .awsSigV4(region, accessKeyID, secretAccessKey):
            try easy.set(CURLOPT_AWS_SIGV4, "aws:amz:\(region):s3")
            try easy.set(CURLOPT_USERNAME, accessKeyID)
            try easy.set(CURLOPT_PASSWORD, secretAccessKey)
        case let .ssh(ssh):
            try easy.set(
                CURLOPT_SSH_AUTH_TYPES,
                (ssh.privateKeyFile == nil ? 0 : parley_curlssh_auth_publickey)
                    | (ssh.useAgent ? parley_curlssh_auth_agent : 0))
            if let key = ssh.privateKeyFile { try easy.set(CURLOPT_SSH_PRIVATE_KEYFILE, key) }
            try easy.set(CURLOPT_SSH_KNOWNHOSTS, ssh.knownHostsFile)
            try easy.set(CURLOPT_SSH_KEYDATA, pointer: context)
            try easy.setHostKeyCallback(CurlTransferContext.hostKeyCallback)
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

    /// An SFTP request: the body uploaded as the URL's file (readable by its owner only, as are new folders),
    /// commands around the transfer on the same connection, or a folder listing.
    private static func configureFileTransfer(
        _ easy: CurlEasy, _ request: TransferRequest, context: UnsafeMutableRawPointer
    ) throws(TransferError) {
        if let body = request.body {
            try easy.set(CURLOPT_UPLOAD, 1)
            try easy.setSize(CURLOPT_INFILESIZE_LARGE, body.count)
            try easy.set(CURLOPT_READDATA, pointer: context)
            try easy.setReadCallback(CurlTransferContext.readCallback)
        } else if request.commandsOnly {
            try easy.set(CURLOPT_NOBODY, 1)
        }
        if request.namesOnly { try easy.set(CURLOPT_DIRLISTONLY, 1) }
        try easy.set(CURLOPT_NEW_FILE_PERMS, 0o600)
        try easy.set(CURLOPT_NEW_DIRECTORY_PERMS, 0o700)
        try easy.setList(CURLOPT_QUOTE, request.commandsBefore)
        try easy.setList(CURLOPT_POSTQUOTE, request.commandsAfter)
    }
}
