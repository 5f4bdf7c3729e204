/// The latency phase's streams of one path, read as the table's samples. Failed streams are counted and left
/// out of the samples.
struct PathStreams {
    private(set) var records: [StreamRecord] = []
    private(set) var failures = 0
    private(set) var firstFailure: String?

    mutating func add(_ record: StreamRecord) {
        if let failure = record.failure {
            failures += 1
            if firstFailure == nil { firstFailure = failure }
        } else {
            records.append(record)
        }
    }

    var firstDelta: Samples { Samples(records.compactMap(\.firstDelta)) }
    var untilFirstSent: Samples { Samples(records.compactMap(\.untilFirstSent)) }
    var startTransfer: Samples { Samples(records.compactMap(\.startTransfer)) }
    var latencies: Samples { Samples(records.flatMap(\.latencies)) }
}
