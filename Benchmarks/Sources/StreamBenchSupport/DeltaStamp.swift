/// The content of every streamed delta, `t=<nanoseconds> `: the fake server's monotonic clock when it wrote
/// the delta. Found again in the line that carries the delta, whether a `data:` line from `curl` (straight, or
/// relayed by Parley's gateway or LiteLLM, which re-encodes it with a space after the colon) or a `chat.delta`
/// notification from the daemon, by the `"content":"t=` they all contain.
public enum DeltaStamp {
    /// The delta content for a send time.
    public static func content(sentAt nanoseconds: UInt64) -> String {
        "t=\(nanoseconds) "
    }

    private static let key = Array(#""content":"#.utf8)
    private static let value = Array(#""t="#.utf8)

    /// The send time carried by `line`, or nil when the line carries no stamped delta.
    public static func sendTime(in line: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var start = 0
        while start + key.count <= line.count {
            guard line[start] == key[0], key.indices.allSatisfy({ line[start + $0] == key[$0] }) else {
                start += 1
                continue
            }
            var index = start + key.count
            while index < line.count, line[index] == UInt8(ascii: " ") { index += 1 }
            guard index + value.count <= line.count, value.indices.allSatisfy({ line[index + $0] == value[$0] })
            else { return nil }
            index += value.count
            let digits = index
            var nanoseconds: UInt64 = 0
            while index < line.count, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
                nanoseconds = nanoseconds * 10 + UInt64(line[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index > digits ? nanoseconds : nil
        }
        return nil
    }
}
