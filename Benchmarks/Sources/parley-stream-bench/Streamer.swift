import StreamBenchSupport

/// One client of one path, the daemon or `curl` straight to the server, that runs one stream at a time.
protocol Streamer: AnyObject {
    /// Streams one answer of `shape` and records it; throws only when the path itself broke (the daemon's
    /// connection), while a stream that failed is a record with a ``StreamRecord/failure``.
    func stream(_ shape: StreamShape) throws(StreamFailure) -> StreamRecord
}
