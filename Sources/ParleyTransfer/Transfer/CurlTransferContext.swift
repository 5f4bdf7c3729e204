import CCurl
import Crypto
import Foundation

/// What one transfer's libcurl callbacks share; touched only on the transfer's thread.
final class CurlTransferContext {
    let cancellation: CancellationFlag
    let body: @Sendable (TransferResponseHead, Data) -> Bool
    let easy: CurlEasy
    private var status = 0
    private var headers: [String: String] = [:]
    private(set) var stoppedByCaller = false
    /// No byte arrived for the idle timeout; the progress callback stopped the transfer.
    private(set) var idled = false
    private let idleTimeout: Duration
    private var lastByte = ContinuousClock.now
    /// What an SFTP upload sends, and how much of it has gone.
    private let upload: Data
    private var uploaded = 0
    /// The SSH host key check's inputs, and its verdict when it refused the host.
    private let pinnedHostKey: String?
    private(set) var hostKeyRejection: HostKeyRejection?
    /// libcurl's own words about a failure (`CURLOPT_ERRORBUFFER`), which name what the code does not.
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init(
        cancellation: CancellationFlag, body: @escaping @Sendable (TransferResponseHead, Data) -> Bool, easy: CurlEasy,
        request: TransferRequest
    ) {
        self.cancellation = cancellation
        self.body = body
        self.easy = easy
        self.idleTimeout = .seconds(request.idleTimeoutSeconds)
        self.upload = request.isFileTransfer ? request.body ?? Data() : Data()
        if case let .ssh(ssh) = request.authentication {
            pinnedHostKey = ssh.pinnedHostKey
        } else {
            pinnedHostKey = nil
        }
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        errorBuffer.deallocate()
    }

    /// libcurl's message for the failed transfer, or `fallback` when it left none.
    func errorText(or fallback: String) -> String {
        let text = String(cString: errorBuffer)
        return text.isEmpty ? fallback : text
    }

    func head() -> TransferResponseHead {
        TransferResponseHead(status: status == 0 ? easy.responseCode() : status, headers: headers)
    }

    static let headerCallback: parley_curl_write_callback = { data, size, count, context in
        let transfer = Unmanaged<CurlTransferContext>.fromOpaque(context!).takeUnretainedValue()
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
        let transfer = Unmanaged<CurlTransferContext>.fromOpaque(context!).takeUnretainedValue()
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

    static let readCallback: parley_curl_read_callback = { buffer, size, count, context in
        let transfer = Unmanaged<CurlTransferContext>.fromOpaque(context!).takeUnretainedValue()
        guard !transfer.cancellation.isCancelled else { return Int(CURL_READFUNC_ABORT) }
        guard let buffer else { return 0 }
        let length = min(size * count, transfer.upload.count - transfer.uploaded)
        guard length > 0 else { return 0 }
        transfer.upload.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(
                from: bytes.baseAddress! + transfer.uploaded, byteCount: length)
        }
        transfer.uploaded += length
        transfer.lastByte = .now
        return length
    }

    /// Judges the SSH server's host key: against the pinned fingerprint when there is one, else by libcurl's
    /// lookup in the known_hosts file. A refusal is recorded with the key's fingerprint, so the person can
    /// check it and trust it.
    static let hostKeyCallback: parley_curl_sshkey_callback = { _, _, found, match, context in
        let transfer = Unmanaged<CurlTransferContext>.fromOpaque(context!).takeUnretainedValue()
        guard let found = found?.pointee, let key = found.key else { return Int32(CURLKHSTAT_REJECT.rawValue) }
        let blob =
            found.len > 0
            ? Data(bytes: key, count: found.len) : Data(base64Encoded: String(cString: key)) ?? Data()
        let fingerprint = HostKeyFingerprint.of(blob)
        let keyType = HostKeyFingerprint.keyType(of: blob)
        let verdict: HostKeyRejection.Verdict?
        if let pinned = transfer.pinnedHostKey {
            verdict = HostKeyFingerprint.matches(fingerprint, pinned) ? nil : .notPinned(expected: pinned)
        } else {
            switch match {
            case CURLKHMATCH_OK: verdict = nil
            case CURLKHMATCH_MISMATCH: verdict = .changed
            default: verdict = .unknown
            }
        }
        guard let verdict else { return Int32(CURLKHSTAT_FINE.rawValue) }
        transfer.hostKeyRejection = HostKeyRejection(verdict: verdict, fingerprint: fingerprint, keyType: keyType)
        return Int32(CURLKHSTAT_REJECT.rawValue)
    }

    /// Called several times a second while the transfer runs, bytes or not: it ends a cancelled transfer,
    /// and one that has been silent for the idle timeout (keep-alive comments are bytes, so they reset it).
    static let progressCallback: parley_curl_xferinfo_callback = { context, _, _, _, _ in
        let transfer = Unmanaged<CurlTransferContext>.fromOpaque(context!).takeUnretainedValue()
        if transfer.cancellation.isCancelled { return 1 }
        if ContinuousClock.now - transfer.lastByte > transfer.idleTimeout {
            transfer.idled = true
            return 1
        }
        return 0
    }
}
