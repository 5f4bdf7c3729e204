import Foundation

/// The Markdown table `completion-bench.sh` writes to results.md: each measure straight from `curl`, through
/// the daemon, and what the daemon added (a difference of the two percentiles, not a percentile of differences)
/// or the ratio of the rates.
struct CompletionTable {
    private var rows: [String] = []

    init(
        options: StreamBenchOptions, daemon: PathStreams, direct: PathStreams, daemonRate: ThroughputPhase.Result,
        directRate: ThroughputPhase.Result
    ) {
        let streams = "\(daemon.records.count) streams"
        let first = (daemon: daemon.firstDelta, direct: direct.firstDelta)
        latencyRow("time to first delta p50, \(streams) (ms)", first.direct, first.daemon, 0.5)
        latencyRow(
            "time to first delta p50, beside curl's own time_starttransfer (ms)", direct.startTransfer, first.daemon,
            0.5)
        latencyRow(
            "… of it until the server sent the first delta, p50 (ms)", direct.untilFirstSent, daemon.untilFirstSent,
            0.5)
        latencyRow("time to first delta, slowest of the \(streams) (ms)", first.direct, first.daemon, 1)
        let latencies = (daemon: daemon.latencies, direct: direct.latencies)
        let spacing = "\(options.deltas) deltas \(Self.number(Double(options.gapMicroseconds) / 1000, 1)) ms apart"
        latencyRow(
            "per-delta latency p50, \(streams) × \(spacing) (ms)", latencies.direct, latencies.daemon, 0.5)
        latencyRow(
            "per-delta latency p99 (ms)", latencies.direct, latencies.daemon, 0.99, addedLimit: 1)
        latencyRow("per-delta latency p99.9 (ms)", latencies.direct, latencies.daemon, 0.999)
        latencyRow("per-delta latency max (ms)", latencies.direct, latencies.daemon, 1)
        let concurrent = "\(options.streams) concurrent streams of \(Self.grouped(Double(options.throughputDeltas)))"
        rateRow(
            "\(concurrent) deltas without a gap: deltas/s", directRate.deltasPerSecond, daemonRate.deltasPerSecond)
        row(
            "… deltas/s in the first and the second window", Self.windows(directRate), Self.windows(daemonRate), "",
            "—", "")
        let windows = daemonRate.windowRates.count
        rateRow(
            "… streams completed in \(windows) windows of \(Self.number(daemonRate.seconds / Double(windows), 1)) s",
            Double(directRate.streams), Double(daemonRate.streams))
        cpuRow("… CPU of the relay: the curl processes, the daemon (cores)", directRate.relayCPU, daemonRate.relayCPU)
        cpuRow("… CPU of the fake server (cores)", directRate.serverCPU, daemonRate.serverCPU)
        cpuRow("… CPU of parley-stream-bench (cores)", directRate.benchCPU, daemonRate.benchCPU)
        row(
            "failed streams, latency and throughput phases", "\(direct.failures + directRate.failures)",
            "\(daemon.failures + daemonRate.failures)", "", "0", "")

        func cpuRow(_ label: String, _ direct: Double, _ daemon: Double) {
            let cores = { (seconds: Double, rate: ThroughputPhase.Result) in
                seconds.isFinite && rate.seconds > 0 ? Self.number(seconds / rate.seconds, 2) : "—"
            }
            row(label, cores(direct, directRate), cores(daemon, daemonRate), "", "—", "")
        }
    }

    var markdown: String {
        ([
            "| measure | direct curl | through daemon | added / ratio | target | verdict |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
            + rows).joined(separator: "\n")
    }

    /// A latency percentile on both paths and the milliseconds the daemon added; with `addedLimit`, a target on
    /// what it added.
    private mutating func latencyRow(
        _ label: String, _ direct: Samples, _ daemon: Samples, _ fraction: Double, addedLimit: Double? = nil
    ) {
        let a = direct.milliseconds(fraction)
        let b = daemon.milliseconds(fraction)
        var added = "—"
        var verdict = ""
        if let a, let b {
            added = (b >= a ? "+" : "−") + Self.number(abs(b - a), 3) + " ms"
            if let addedLimit { verdict = b - a < addedLimit ? "met" : "**missed**" }
        } else if addedLimit != nil {
            verdict = "not measured"
        }
        let target = addedLimit.map { "< \(Self.number($0, 0)) ms added" } ?? "—"
        row(label, Self.milliseconds(a), Self.milliseconds(b), added, target, verdict)
    }

    private mutating func rateRow(_ label: String, _ direct: Double, _ daemon: Double) {
        let ratio = direct > 0 ? Self.number(daemon / direct, 2) + "×" : "—"
        row(label, Self.grouped(direct), Self.grouped(daemon), ratio, "—", "")
    }

    private mutating func row(
        _ label: String, _ direct: String, _ daemon: String, _ difference: String, _ target: String, _ verdict: String
    ) {
        rows.append("| \(label) | \(direct) | \(daemon) | \(difference) | \(target) | \(verdict) |")
    }

    private static func windows(_ rate: ThroughputPhase.Result) -> String {
        rate.windowRates.map(grouped).joined(separator: " / ")
    }

    private static func milliseconds(_ value: Double?) -> String {
        value.map { number($0, 3) } ?? "—"
    }

    static func number(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// A number rounded to an integer, with thousands separators.
    static func grouped(_ value: Double) -> String {
        var digits = String(Int(value.rounded()))
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        return ([Substring(digits)] + groups).joined(separator: ",")
    }
}
