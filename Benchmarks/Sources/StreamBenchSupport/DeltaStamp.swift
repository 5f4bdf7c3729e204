/// The content of every streamed delta, `t=<nanoseconds> `: the fake server's monotonic clock when it wrote
/// the delta. Found again in the line that carries the delta, whether a `data:` line from `curl` or a
/// `chat.delta` notification from the daemon, by the `"content":"t=` both of them contain.
public enum DeltaStamp {
    /// The delta content for a send time.
    public static func content(sentAt nanoseconds: UInt64) -> String {
        "t=\(nanoseconds) "
    }

    private static let marker = Array(#""content":"t="#.utf8)

    /// The send time carried by `line`, or nil when the line carries no stamped delta.
    public static func sendTime(in line: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard line.count >= marker.count else { return nil }
        var start = 0
        while start <= line.count - marker.count {
            if line[start] == marker[0], marker.indices.allSatisfy({ line[start + $0] == marker[$0] }) {
                var index = start + marker.count
                var value: UInt64 = 0
                while index < line.count, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
                    value = value * 10 + UInt64(line[index] - UInt8(ascii: "0"))
                    index += 1
                }
                return index > start + marker.count ? value : nil
            }
            start += 1
        }
        return nil
    }
}
