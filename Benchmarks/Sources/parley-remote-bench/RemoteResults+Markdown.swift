import ParleyStore
import SyncBenchSupport

extension RemoteResults {
    /// The tables (one new message, bulk export, each split, idle requests, peak memory) and their notes, in
    /// Markdown.
    var markdown: String {
        var lines = roundsTable + [""] + roundsSplitTable + [""] + connectionTable + [""] + bulkTable + [""]
        lines += bulkSplitTable + [""]
        lines += idleTable + [""]
        if memory != nil { lines += memoryTable + [""] }
        lines += notes.enumerated().map { "\($0.offset + 1). \($0.element)" }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Tables

    private static let roundsTarget = 1.5
    private static let throughputTarget = 0.8
    private static let memoryTargetMiB = 128.0

    private func ms(_ value: Double) -> String { NumberText.grouped(value, decimals: 1) }

    private func verdict(_ met: Bool, _ ratio: Double) -> String {
        guard ratio.isFinite else { return "—" }
        return met ? "yes" : "**no**"
    }

    private var roundsTable: [String] {
        table(
            "One new message between two devices, history of \(thousands(options.history)) messages "
                + "(\(options.rounds) rounds after \(options.warmUp) warm-up), beside rclone copyto of a file of the "
                + "same size",
            header: [
                "target", "segment bytes", "Parley A + B p50 (ms)", "Parley p90 (ms)", "rclone copyto p50 (ms)",
                "rclone p90 (ms)", "Parley ÷ rclone p50", "Parley ÷ rclone p90",
                "≤ \(NumberText.ratio(Self.roundsTarget)) (p50)",
            ],
            rows: rounds.map { round in
                let p50 = round.parley.percentile(50) / round.rclone.percentile(50)
                let p90 = round.parley.percentile(90) / round.rclone.percentile(90)
                return [
                    round.target.label, thousands(round.segmentBytes), ms(round.parley.percentile(50)),
                    ms(round.parley.percentile(90)), ms(round.rclone.percentile(50)), ms(round.rclone.percentile(90)),
                    NumberText.ratio(p50), NumberText.ratio(p90), verdict(p50 <= Self.roundsTarget, p50),
                ]
            })
    }

    private var roundsSplitTable: [String] {
        table(
            "Where a one-message round goes (p50 of each, so the parts need not add up)",
            header: [
                "target", "A's export run (ms)", "B's import run (ms)", "A + B waiting on the target (ms)",
                "A + B elsewhere (ms)", "requests, A + B",
            ],
            rows: rounds.map { round in
                [
                    round.target.label, ms(round.export.percentile(50)), ms(round.import.percentile(50)),
                    ms(round.inCalls.percentile(50)), ms(round.parley.percentile(50) - round.inCalls.percentile(50)),
                    round.medianRequests.map(String.init) ?? "—",
                ]
            })
    }

    /// The local folder's export time: the mean of its run first and its run last.
    private var localExportSeconds: Double? {
        let local = bulk.filter { $0.target.kind == .folder }.map(\.export.seconds)
        return local.isEmpty ? nil : local.reduce(0, +) / Double(local.count)
    }

    private func bulkLabel(_ index: Int) -> String {
        let row = bulk[index]
        guard row.target.kind == .folder else { return row.target.label }
        return row.target.label + (bulk[..<index].contains { $0.target.kind == .folder } ? ", again last" : ", first")
    }

    private var connectionTable: [String] {
        table(
            "What a new connection costs: a listing on a freshly opened target, then the same on its connection "
                + "(\(options.rounds) times)",
            header: [
                "target", "first listing p50 (ms)", "first p90 (ms)", "second listing p50 (ms)", "second p90 (ms)",
                "connection set-up, first − second p50 (ms)",
            ],
            rows: connections.map { cost in
                [
                    cost.target.label, ms(cost.first.percentile(50)), ms(cost.first.percentile(90)),
                    ms(cost.again.percentile(50)), ms(cost.again.percentile(90)),
                    ms(cost.first.percentile(50) - cost.again.percentile(50)),
                ]
            })
    }

    private var bulkTable: [String] {
        let local = localExportSeconds
        let n = Double(options.bulkMessages)
        let stagedMB = Double(staged.bytes) / 1e6
        return table(
            "Export of \(thousands(options.bulkMessages)) messages (device A's first run) beside rclone copy "
                + "--transfers \(options.transfers) of its \(thousands(staged.files)) segment files "
                + "(\(NumberText.grouped(stagedMB, decimals: 1)) MB)",
            header: [
                "target", "Parley export (s)", "messages/s", "MB/s", "network part: − local folder's mean (s)",
                "network part MB/s", "rclone copy (s, median of \(options.bulkRepeats))", "rclone MB/s",
                "Parley ÷ rclone, whole run", "… network part", "≥ \(NumberText.ratio(Self.throughputTarget)) (whole)",
            ],
            rows: bulk.indices.map { index in
                let row = bulk[index]
                let seconds = row.export.seconds
                let mb = Double(row.export.report.moved.bytesWritten) / 1e6
                let rcloneRate = stagedMB / row.rcloneSeconds
                let whole = (mb / seconds) / rcloneRate
                var network = Double.nan
                if row.target.isNetwork, let local { network = seconds - local }
                let networkRatio = network > 0 ? (mb / network) / rcloneRate : .nan
                return [
                    bulkLabel(index), NumberText.grouped(seconds, decimals: 2), NumberText.grouped(n / seconds),
                    NumberText.grouped(mb / seconds, decimals: 1),
                    row.target.isNetwork ? NumberText.grouped(network, decimals: 2) : "—",
                    network > 0 ? NumberText.grouped(mb / network, decimals: 1) : "—",
                    row.rclone.isEmpty ? "—" : NumberText.grouped(row.rcloneSeconds, decimals: 2),
                    row.rclone.isEmpty ? "—" : NumberText.grouped(rcloneRate, decimals: 1),
                    whole.isFinite ? NumberText.ratio(whole) : "—",
                    networkRatio.isFinite ? NumberText.ratio(networkRatio) : "—",
                    row.target.isNetwork ? verdict(whole >= Self.throughputTarget, whole) : "—",
                ]
            })
    }

    private var bulkSplitTable: [String] {
        let stagedMB = Double(staged.bytes) / 1e6
        return table(
            "Where the export of \(thousands(options.bulkMessages)) messages goes",
            header: [
                "target", "export (s)", "… until its last segment was written (s)",
                "… after it: other devices, digest, head (s)", "… waiting on the target (s)",
                "… of it in writes (s)", "writes", "write MB/s (bytes ÷ time in writes)",
                "… elsewhere: database, segments, digest (s)", "requests", "rclone MB/s",
            ],
            rows: bulk.indices.map { index in
                let row = bulk[index]
                let calls = row.export.calls
                let writeSeconds = calls.seconds["write"] ?? 0
                let mb = Double(row.export.report.moved.bytesWritten) / 1e6
                return [
                    bulkLabel(index), NumberText.grouped(row.export.seconds, decimals: 2),
                    NumberText.grouped(row.export.timed.segmentSeconds ?? .nan, decimals: 2),
                    NumberText.grouped(row.export.timed.afterSegmentsSeconds ?? .nan, decimals: 2),
                    NumberText.grouped(calls.totalSeconds, decimals: 2), NumberText.grouped(writeSeconds, decimals: 2),
                    thousands(calls.calls["write"] ?? 0), NumberText.grouped(mb / writeSeconds, decimals: 1),
                    NumberText.grouped(row.export.seconds - calls.totalSeconds, decimals: 2),
                    row.export.report.moved.requests.map(thousands) ?? "—",
                    row.rclone.isEmpty ? "—" : NumberText.grouped(stagedMB / row.rcloneSeconds, decimals: 1),
                ]
            })
    }

    private var idleTable: [String] {
        table(
            "Requests of a run with nothing new",
            header: [
                "target", "devices", "requests at the proxy", "… by method", "connections",
                "requests in the run's report",
                "files read", "files written", "budget (devices + 2)", "within",
            ],
            rows: idle.map { run in
                let counted = run.proxy?.requests ?? run.moved.requests ?? -1
                return [
                    run.target.label, String(run.devices),
                    run.proxy.map { String($0.requests) } ?? "— (straight to sshd)",
                    run.proxy.map { stats in
                        stats.methods.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    } ?? "—",
                    run.proxy.map { String($0.connections) } ?? "—", run.moved.requests.map(String.init) ?? "n/a",
                    String(run.moved.filesRead),
                    String(run.moved.filesWritten), String(run.budget),
                    counted >= 0 && counted <= run.budget && run.moved.filesWritten == 0 ? "yes" : "**no**",
                ]
            })
    }

    private var memoryTable: [String] {
        guard let memory else { return [] }
        func mib(_ kib: Int?) -> String { kib.map { NumberText.grouped(Double($0) / 1_024, decimals: 1) } ?? "n/a" }
        func row(_ measure: String, _ value: (PeakMemory.ChildReport) -> String) -> [String] {
            [measure] + memory.children.map { value($0.report) }
        }
        let defaultMap = StoreConfiguration().memoryMapBytes
        return table(
            "Peak memory of a process exporting \(thousands(memory.messages)) messages to S3 (seeded in "
                + "\(NumberText.grouped(memory.seedingSeconds, decimals: 1)) s beforehand, in this process; database "
                + "file \(NumberText.grouped(Double(memory.databaseBytes) / 1_048_576, decimals: 0)) MiB)",
            header: ["measure"]
                + memory.children.map { child in
                    child.memoryMapBytes.map { $0 == 0 ? "memory map off (`memoryMapBytes = 0`)" : "mmap \($0) bytes" }
                        ?? "as shipped (SQLite mmap_size \(defaultMap >> 20) MiB)"
                },
            rows: [
                row("the child's export run (s)") { NumberText.grouped($0.exportSeconds, decimals: 2) },
                row("… messages/s") { NumberText.grouped(Double(memory.messages) / $0.exportSeconds) },
                row("segments, bytes written") { "\(thousands($0.segments)), \(thousands($0.bytesWritten))" },
                row("requests") { $0.requests.map(thousands) ?? "n/a" },
                row("resident once the store is open (MiB)") { mib($0.openedKiB) },
                row("**peak resident, VmHWM (MiB)**") { mib($0.highWaterKiB) },
                row("… anonymous: heap, stacks (RssAnon, sampled peak, MiB)") { mib($0.anonymousPeakKiB) },
                row("… mapped files: database, binary (RssFile, sampled peak, MiB)") { mib($0.filePeakKiB) },
                row("ru_maxrss (MiB; includes the parent's peak at the spawn)") { mib($0.maximumResidentKiB) },
                row("VmHWM ÷ the \(NumberText.grouped(Self.memoryTargetMiB)) MiB target") { child in
                    let peak = Double(child.highWaterKiB ?? child.maximumResidentKiB) / 1_024
                    return NumberText.ratio(peak / Self.memoryTargetMiB)
                        + (peak <= Self.memoryTargetMiB ? " (met)" : " (**missed**)")
                },
                row("anonymous peak ÷ the target") { child in
                    guard let anonymous = child.anonymousPeakKiB else { return "n/a" }
                    let peak = Double(anonymous) / 1_024
                    return NumberText.ratio(peak / Self.memoryTargetMiB)
                        + (peak <= Self.memoryTargetMiB ? " (met)" : " (**missed**)")
                },
            ])
    }

    // MARK: - Notes

    private var notes: [String] {
        var notes = [
            "Servers: the main package's test harnesses (`ParleyTestSupport`), each started for the run on 127.0.0.1: "
                + "OpenSSH's sshd serving SFTP (`internal-sftp`, an ed25519 key, the host in a known_hosts file), "
                + "WsgiDAV on cheroot and Apache's mod_dav (`apache2 -X`, event MPM), both with basic auth, and "
                + "SeaweedFS's `weed mini` (S3 with SigV4). Parley reaches them through libcurl (`ParleyTransfer`) "
                + "with the default network options; the local folder is a folder on the same disk. Everything "
                + "shares the machine's CPUs: each server's own CPU time is in both sides' figures.",
            "One new message: each target has its own pair of databases; A is seeded with \(thousands(options.history)) "
                + "messages (the corpus of `parley-sync-bench`, conversations of \(SyncCorpus.conversationLength)), "
                + "exports them, B imports them, and both run once more. Each round A appends one message to its "
                + "newest conversation; the time is from the call of A's `SyncEngine.run()` (one segment and a new "
                + "head written) to the return of B's (the folders listed, A's head and the segment read and "
                + "applied). A round fails unless A exported and B imported exactly one segment and the content "
                + "hashes match. Right after each round, `rclone copyto` uploads the first round's segment (read "
                + "back from that target) under a new name; the first \(options.warmUp) rounds of both are not "
                + "recorded. rclone is a fresh process each time, so its start-up (about the time of `rclone "
                + "version`), reading its configuration, and a new connection and login count in its time. "
                + "Parley's engine keeps the target it opened (its libcurl transport and handle pool) from one run "
                + "to the next, so after the warm-up A's and B's runs reuse their connections (for SFTP the SSH "
                + "session: no new key exchange or login). "
                + "rclone \(rcloneVersion.replacingOccurrences(of: "rclone ", with: "")) "
                + "is configured by a generated file: sftp with the key file, the known_hosts file and "
                + "`shell_type = none` (the server offers SFTP only, so no remote hashing), webdav `vendor = other` "
                + "with the password obscured by `rclone obscure`, s3 `provider = SeaweedFS` with the endpoint, "
                + "keys, region, path style and `no_check_bucket`.",
            "Waiting on the target: every call of the engine into the target's directory (list, read, write, "
                + "make folder, remove) goes through a wrapper that adds up its wall time; the rest of a run is the "
                + "database, building, sealing and checking segments, and the content digest. Requests are the "
                + "run's own count (`SyncReport.moved.requests`, retries included).",
            "What a new connection costs: a directory is opened as the engine opens one for its first run "
                + "(`TargetURL.open`: a new libcurl transport, so no connection yet), and the target's `rounds` "
                + "folder is listed twice, each timed; the first listing pays the connection (and for SFTP the SSH "
                + "key exchange and login, with sshd starting a session process), the second reuses it. The "
                + "difference is what a daemon's first run (or the first after a failed one) pays; later runs keep "
                + "the connection.",
            "Bulk export: for each target, A is seeded with \(thousands(options.bulkMessages)) messages (untimed) and "
                + "its first run is timed: every segment built from the database, sealed and uploaded one after "
                + "another, then the content digest computed and the head written. MB/s is the run's bytes "
                + "written (segments and head) in 10^6 bytes per second. The network part is the remote run less "
                + "the mean of the local-folder runs (one before the servers', one after them), i.e. what the upload "
                + "adds over writing the same files to a local disk (with an fsync of each file and folder); the "
                + "export is mostly CPU work on the database, whose run-to-run spread is of the size of this "
                + "difference, so the time measured inside the target's calls (the second export table) is the "
                + "steadier figure of the two. "
                + "rclone uploads the \(thousands(staged.files)) segment files of the local-folder run (copied "
                + "aside) with `rclone copy --transfers \(options.transfers)` into a new folder, "
                + "\(options.bulkRepeats) times right after Parley's run; the median is shown.",
            "Requests of an idle run: each device of a group is seeded with \(IdleRun.messagesPerDevice) messages "
                + "and joins a folder of its own on the target, through a `FaultProxy` in front of the HTTP servers "
                + "(SFTP straight); all devices run in turn until a whole pass writes nothing, then the proxy's "
                + "counts are reset and the first device runs once more. The proxy counts request heads "
                + "(retries included) by method; the run's report counts its transport's requests (for SFTP, each "
                + "libcurl transfer: a listing, a read, or an upload with its commands, all on the run's one SSH "
                + "session) and the files it read and wrote. The budget is one listing per device folder, one of "
                + "the devices folder and one read of `target.json`, nothing written.",
        ]
        if let memory {
            notes.append(
                "Peak memory: this process seeds a database with \(thousands(memory.messages)) messages (10,000 per "
                    + "`appendBatch`), closes it, and runs itself again as a child (`--memory-child`) that opens a "
                    + "copy of it, joins a fresh S3 prefix and runs the export, twice: with the store as it ships, "
                    + "and with its SQLite memory map off (`StoreConfiguration.memoryMapBytes = 0`, "
                    + "`--memory-map-bytes 0`), since pages of a mapped database count as resident once read. Each "
                    + "child reports its own `VmHWM` (peak "
                    + "resident set) from `/proc/self/status`, and the largest `RssAnon` and `RssFile` a thread "
                    + "of it read every 10 ms during the run (the two peaks need not fall at the same moment), so "
                    + "nothing of the seeding or of this process is in the figures. `getrusage`'s `ru_maxrss` is "
                    + "shown but not used: Linux keeps it across `execve`, and a `posix_spawn`ed child shares its "
                    + "parent's memory until then, so it starts at the parent's peak.")
        }
        return notes
    }

    private func table(_ title: String, header: [String], rows: [[String]]) -> [String] {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        return ["### \(title)", "", line(header), line(header.map { _ in "---" })] + rows.map(line)
    }
}
