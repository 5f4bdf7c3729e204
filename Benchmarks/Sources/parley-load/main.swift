import Foundation
import StreamBenchSupport

/// `parley-load`: drives a running `parley daemon` with N connections, each keeping DEPTH requests in
/// flight for a fixed time, and reports throughput and latency percentiles, the way redis-benchmark reports
/// Redis's, so `daemon-bench.sh` can put the two side by side.
let options: LoadOptions
do {
    options = try LoadOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if !error.description.isEmpty { FileHandle.standardError.write(Data("parley-load: \(error)\n".utf8)) }
    FileHandle.standardError.write(Data((LoadOptions.usage + "\n").utf8))
    exit(2)
}

func makeWorkers() throws(LineConnection.Failure) -> [LoadWorker] {
    let content = RequestWriter.content(bytes: options.valueBytes)
    let keys =
        options.method == .get
        ? try LoadSetup.appendKeys(path: options.socketPath, count: options.keys, content: content) : []
    var workers: [LoadWorker] = []
    for index in 0..<options.connections {
        let connection = try LineConnection(path: options.socketPath)
        let conversation =
            options.method == .append
            ? try LoadSetup.createConversation(on: connection, title: "parley-load \(index)") : ""
        let writer = RequestWriter(
            method: options.method, conversationID: conversation, content: content, keys: keys,
            seed: UInt64(index + 1))
        workers.append(LoadWorker(connection: connection, writer: writer, depth: options.pipeline))
    }
    return workers
}

let workers: [LoadWorker]
do {
    workers = try makeWorkers()
} catch {
    FileHandle.standardError.write(Data("parley-load: setup failed: \(error)\n".utf8))
    exit(1)
}

let start = MonotonicClock.nanoseconds()
let window = LoadWindow(
    measureFrom: start + UInt64(options.warmup * 1e9), end: start + UInt64((options.warmup + options.duration) * 1e9))
let finished = DispatchGroup()
for worker in workers {
    finished.enter()
    Thread {
        worker.run(window)
        finished.leave()
    }.start()
}

/// Sleeps until the monotonic clock reads `deadline`.
func sleep(until deadline: UInt64) {
    let now = MonotonicClock.nanoseconds()
    if deadline > now { Thread.sleep(forTimeInterval: Double(deadline - now) / 1e9) }
}

let daemonPID = workers.first?.peerProcessID
sleep(until: window.measureFrom)
let cpuAtStart = (own: ProcessCPU.seconds(), daemon: daemonPID.flatMap(ProcessCPU.seconds(ofProcess:)))
sleep(until: window.end)
let cpuAtEnd = (own: ProcessCPU.seconds(), daemon: daemonPID.flatMap(ProcessCPU.seconds(ofProcess:)))
finished.wait()
var report = LoadReport(options: options, workers: workers, clientCPUSeconds: cpuAtEnd.own - cpuAtStart.own)
if let before = cpuAtStart.daemon, let after = cpuAtEnd.daemon { report.daemonCPUSeconds = after - before }

print(options.json ? report.json : report.text)
let failures = workers.compactMap(\.failure)
for failure in failures { FileHandle.standardError.write(Data("parley-load: a connection failed: \(failure)\n".utf8)) }
exit(failures.isEmpty ? 0 : 1)
