import StreamBenchSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads lines from a descriptor (the daemon's socket or a `curl` pipe) with blocking `read` calls, noting the
/// monotonic time each read returned: the receipt time of every line it completed, taken before any parsing, so
/// both paths are timed at the same point.
final class LineReader {
    private let descriptor: Int32
    /// Bytes read and not yet handed out as lines: `buffer[start..<end]`.
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    /// When the last ``receive()`` returned.
    private(set) var receivedAt: UInt64 = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Blocks until more bytes arrive; false at the end of the stream. Call ``nextLine(_:)`` until it returns
    /// false afterwards.
    func receive() throws(StreamFailure) -> Bool {
        if start == end {
            start = 0
            end = 0
        } else if end == buffer.count {
            if start > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
                }
                end -= start
                start = 0
            } else {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress! + end, raw.count - end)
            }
            receivedAt = MonotonicClock.nanoseconds()
            if count > 0 {
                end += count
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            let reason = errno == EAGAIN ? "nothing arrived for the read timeout" : String(cString: strerror(errno))
            throw StreamFailure(description: "read: \(reason)")
        }
    }

    /// Hands the next complete line (without its newline) to `body`; false when no whole line is buffered.
    func nextLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        buffer.withUnsafeBufferPointer { all in
            let base = all.baseAddress! + start
            guard let found = memchr(base, Int32(UInt8(ascii: "\n")), end - start) else { return false }
            let length = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            body(UnsafeBufferPointer(start: base, count: length))
            start += length + 1
            return true
        }
    }
}
