import CCurl
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

    init(
        cancellation: CancellationFlag, body: @escaping @Sendable (TransferResponseHead, Data) -> Bool, easy: CurlEasy,
        idleTimeoutSeconds: Int
    ) {
        self.cancellation = cancellation
        self.body = body
        self.easy = easy
        self.idleTimeout = .seconds(idleTimeoutSeconds)
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
