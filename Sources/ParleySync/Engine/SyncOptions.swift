/// Limits of a sync run. The defaults suit a daemon; tests make segments small to get many of them.
public struct SyncOptions: Sendable {
    /// The most entity states one segment carries.
    public var maximumSegmentRecords = 5_000
    /// About how much text one segment carries before compression.
    public var maximumSegmentBytes = 4 << 20
    /// The largest file read from a target; anything larger is refused unread.
    public var maximumFileBytes = 64 << 20
    /// The most a segment may expand to when decompressed (a bound on hostile files).
    public var maximumPlaintextBytes = 256 << 20

    public init() {}
}
