import Foundation
import Synchronization

/// The peak memory of this process: `getrusage`'s `ru_maxrss`, and the peaks of the anonymous (heap, stacks)
/// and file-backed (SQLite's memory map, binaries) parts of the resident set, sampled from `/proc/self/status`
/// every 10 ms, so a missed target says which kind of memory went over.
///
/// Each subcommand runs as its own process, started by the shell, so the peak is this step's alone (Linux
/// carries `ru_maxrss` across `execve`, and the shell that forked it is a few MiB).
final class MemoryPeak: Sendable {
    private let anonymousKiB = Atomic<Int>(0)
    private let fileKiB = Atomic<Int>(0)
    private let running = Atomic<Bool>(true)

    init() {
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                sample()
                usleep(10_000)
            }
        }
        thread.start()
    }

    /// Stops sampling and gives the peaks in MiB.
    func stop() -> (resident: Double, anonymous: Double, file: Double) {
        running.store(false, ordering: .relaxed)
        sample()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (
            Double(usage.ru_maxrss) / 1024, Double(anonymousKiB.load(ordering: .relaxed)) / 1024,
            Double(fileKiB.load(ordering: .relaxed)) / 1024
        )
    }

    private func sample() {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return }
        for line in status.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 2, let kib = Int(fields[1]) else { continue }
            switch fields[0] {
            case "RssAnon:": anonymousKiB.max(kib)
            case "RssFile:": fileKiB.max(kib)
            default: continue
            }
        }
    }
}

extension Atomic<Int> {
    fileprivate func max(_ value: Int) {
        var current = load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = compareExchange(
                expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
