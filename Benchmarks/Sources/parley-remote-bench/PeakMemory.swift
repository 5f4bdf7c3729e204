import Foundation
import ParleyCore
import ParleyStore
import ParleySync
import SyncBenchSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The peak resident memory of a process that exports a large history to S3: this benchmark seeds a database
/// (untimed here, but timed for the table), closes it, and runs itself again as a child (`--memory-child`) that
/// only opens the database, joins the bucket and runs the export, then reports its own peak from
/// `/proc/self/status` (`VmHWM`), with the anonymous and file-backed parts sampled every 10 ms during the run;
/// nothing the seeding used is in the child's figures. (Not `getrusage`'s `ru_maxrss`: Linux carries it across
/// `execve`, and a `posix_spawn`ed child starts from its parent's peak, which it prints only for comparison.)
///
/// The export runs twice, each on its own copy of the seeded database and into its own prefix: as the store
/// ships (SQLite's `mmap_size` of ``StoreConfiguration/memoryMapBytes``, whose pages count as resident once
/// read), and with the memory map off, so the share of the map in the peak shows.
struct PeakMemory {
    var messages: Int
    var seedingSeconds: Double
    /// The database file after the seeding.
    var databaseBytes: Int
    /// The store as it ships, then with `memoryMapBytes = 0`.
    var children: [(memoryMapBytes: Int?, report: ChildReport)] = []

    /// What the child prints on its one line of standard output (JSON).
    struct ChildReport: Codable {
        var exportSeconds: Double
        var segments: Int
        var bytesWritten: Int
        var requests: Int?
        /// `ru_maxrss` (KiB on Linux), which includes the parent's peak at the spawn.
        var maximumResidentKiB: Int
        /// `VmHWM` of `/proc/self/status`: the peak resident set of this process, KiB; nil off Linux.
        var highWaterKiB: Int?
        /// The largest `RssAnon` (heap, stacks) and `RssFile` (mapped files: the database, the binary) seen by
        /// the sampler during the run, KiB.
        var anonymousPeakKiB: Int?
        var filePeakKiB: Int?
        /// `VmRSS` once the store is open, before the export.
        var openedKiB: Int?
    }

    init(messages: Int, target: BenchTarget, scratch: URL) async throws {
        self.messages = messages
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let database = scratch.appendingPathComponent("a.sqlite").path
        let store = try ParleyStore.open(path: database, configuration: StoreConfiguration())
        let start = Stopwatch.now()
        _ = try await Seeder.seed(store, messages: messages)
        seedingSeconds = Stopwatch.seconds(since: start)
        try store.close()
        databaseBytes = (try FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0
        for (index, mapBytes) in [nil, 0].enumerated() {
            let copy = scratch.appendingPathComponent("export-\(index).sqlite").path
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: database + suffix) {
                try FileManager.default.copyItem(atPath: database + suffix, toPath: copy + suffix)
            }
            let folder = "memory-\(index)"
            try target.prepare(folder)
            let output = scratch.appendingPathComponent("child-\(index).json").path
            let errors = scratch.appendingPathComponent("child-\(index).stderr").path
            try ChildProcess.succeed(
                [Self.executable(), "--memory-child", copy, target.url(folder)]
                    + (mapBytes.map { ["--memory-map-bytes", String($0)] } ?? []),
                environment: target.environment, output: output, errors: errors)
            children.append(
                (
                    mapBytes,
                    try JSONDecoder().decode(ChildReport.self, from: Data(contentsOf: URL(fileURLWithPath: output)))
                ))
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        }
        try FileManager.default.removeItem(at: scratch)
    }

    /// This executable's path, to run it again.
    private static func executable() throws -> String {
        #if os(Linux)
            return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
            guard let path = Bundle.main.executablePath else { throw SyncBenchError("cannot find this executable") }
            return path
        #endif
    }

    /// The child's side: opens `database` (with `memoryMapBytes` when given), joins `url` with this process's
    /// environment, runs once and prints its ``ChildReport``.
    static func runChild(database: String, url: String, memoryMapBytes: Int?) async throws {
        var configuration = StoreConfiguration()
        if let memoryMapBytes { configuration.memoryMapBytes = memoryMapBytes }
        let store = try ParleyStore.open(path: database, configuration: configuration)
        let opened = status("VmRSS")
        let environment = ProcessInfo.processInfo.environment
        let engine = SyncEngine(
            store: store, options: SyncOptions(),
            openDirectory: { url, connection throws(ParleyError) in
                try TargetURL.open(url, connection: connection, environment: environment, network: NetworkOptions())
            })
        _ = try await engine.configure(url: url, passphraseFile: nil)
        let sampler = MemorySampler()
        let start = Stopwatch.now()
        let report = try await engine.run()
        let seconds = Stopwatch.seconds(since: start)
        let peaks = sampler.stop()
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        try store.close()
        let child = ChildReport(
            exportSeconds: seconds, segments: report.exportedSegments, bytesWritten: report.moved.bytesWritten,
            requests: report.moved.requests, maximumResidentKiB: Int(usage.ru_maxrss), highWaterKiB: status("VmHWM"),
            anonymousPeakKiB: peaks.anonymous, filePeakKiB: peaks.file, openedKiB: opened)
        print(String(decoding: try JSONEncoder().encode(child), as: UTF8.self))
    }

    /// A `kB` field of `/proc/self/status`.
    static func status(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
        }
        return nil
    }
}

/// Reads `RssAnon` and `RssFile` of this process every 10 ms on a thread of its own, keeping the largest of
/// each, until ``stop()``.
final class MemorySampler: Sendable {
    private let peaks = Mutex<(anonymous: Int?, file: Int?, running: Bool)>((nil, nil, true))
    private let done = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in
            while peaks.withLock({ $0.running }) {
                let anonymous = PeakMemory.status("RssAnon")
                let file = PeakMemory.status("RssFile")
                peaks.withLock { peaks in
                    if let anonymous { peaks.anonymous = max(peaks.anonymous ?? 0, anonymous) }
                    if let file { peaks.file = max(peaks.file ?? 0, file) }
                }
                usleep(10_000)
            }
            done.signal()
        }
        thread.name = "memory-sampler"
        thread.start()
    }

    /// Stops the sampling; the peaks seen.
    func stop() -> (anonymous: Int?, file: Int?) {
        peaks.withLock { $0.running = false }
        done.wait()
        return peaks.withLock { ($0.anonymous, $0.file) }
    }
}
