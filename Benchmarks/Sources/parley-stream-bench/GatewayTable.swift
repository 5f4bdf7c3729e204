import Foundation

/// The Markdown table `gateway-bench.sh` writes to results.md: each measure straight from the server, through
/// Parley's gateway and through LiteLLM's proxy (all read by `curl`), what each relay added, and Parley's added
/// latency as a fraction of LiteLLM's.
struct GatewayTable {
    struct Path {
        var latency: PathStreams
        var rate: ThroughputPhase.Result
    }

    private var rows: [String] = []

    init(options: StreamBenchOptions, direct: Path, gateway: Path, litellm: Path?) {
        let streams = "\(gateway.latency.records.count) streams"
        latencyRow(
            "time to first delta p50, \(streams), a new conversation each (ms)", \.firstDelta, 0.5, limit: 1,
            direct, gateway, litellm)
        latencyRow("time to first delta p99 (ms)", \.firstDelta, 0.99, limit: nil, direct, gateway, litellm)
        let spacing = "\(options.deltas) deltas \(CompletionTable.number(Double(options.gapMicroseconds) / 1000, 1)) ms apart"
        latencyRow(
            "per-delta latency p50, \(streams) × \(spacing) (ms)", \.latencies, 0.5, limit: nil, direct, gateway,
            litellm)
        latencyRow("per-delta latency p99 (ms)", \.latencies, 0.99, limit: 1, direct, gateway, litellm)
        let concurrent =
            "\(options.streams) concurrent streams of \(CompletionTable.grouped(Double(options.throughputDeltas))) deltas"
        let ratio = { (rate: ThroughputPhase.Result) in
            direct.rate.deltasPerSecond > 0
                ? CompletionTable.number(rate.deltasPerSecond / direct.rate.deltasPerSecond, 2) + "×" : "—"
        }
        let gatewayRatio = direct.rate.deltasPerSecond > 0 ? gateway.rate.deltasPerSecond / direct.rate.deltasPerSecond : 0
        rows.append(
            "| \(concurrent) without a gap: deltas/s | \(CompletionTable.grouped(direct.rate.deltasPerSecond)) | "
                + "\(CompletionTable.grouped(gateway.rate.deltasPerSecond)) (\(ratio(gateway.rate))) | "
                + (litellm.map { "\(CompletionTable.grouped($0.rate.deltasPerSecond)) (\(ratio($0.rate)))" } ?? "—")
                + " | ≥ 0.8× direct | \(gatewayRatio >= 0.8 ? "met" : "**missed**") |")
        let cores = { (rate: ThroughputPhase.Result) in
            rate.seconds > 0 && rate.relayCPU.isFinite ? CompletionTable.number(rate.relayCPU / rate.seconds, 2) : "—"
        }
        rows.append(
            "| … CPU of the relay (cores) | — | \(cores(gateway.rate)) | \(litellm.map { cores($0.rate) } ?? "—") | — | |")
        let failures = { (path: Path) in path.latency.failures + path.rate.failures }
        rows.append(
            "| failed streams | \(failures(direct)) | \(failures(gateway)) | \(litellm.map { "\(failures($0))" } ?? "—") "
                + "| 0 | |")
    }

    var markdown: String {
        ([
            "| measure | direct | Parley's gateway (added) | LiteLLM proxy (added) | target | verdict |",
            "| --- | --- | --- | --- | --- | --- |",
        ] + rows).joined(separator: "\n")
    }

    /// A percentile on each path, what each relay added to the direct one, and the verdicts: Parley's addition
    /// under `limit` ms (when given) and at most a quarter of LiteLLM's.
    private mutating func latencyRow(
        _ label: String, _ samples: KeyPath<PathStreams, Samples>, _ fraction: Double, limit: Double?, _ direct: Path,
        _ gateway: Path, _ litellm: Path?
    ) {
        let base = direct.latency[keyPath: samples].milliseconds(fraction)
        let ours = gateway.latency[keyPath: samples].milliseconds(fraction)
        let theirs = litellm.flatMap { $0.latency[keyPath: samples].milliseconds(fraction) }
        func cell(_ value: Double?) -> String {
            guard let value, let base else { return "—" }
            let added = value - base
            return CompletionTable.number(value, 3) + " (" + (added >= 0 ? "+" : "−")
                + CompletionTable.number(abs(added), 3) + ")"
        }
        var targets: [String] = []
        var verdicts: [String] = []
        if let base, let ours {
            if let limit {
                targets.append("≤ +\(CompletionTable.number(limit, 0)) ms")
                verdicts.append(ours - base <= limit ? "met" : "**missed**")
            }
            if let theirs {
                let fractionOfTheirs = theirs - base > 0 ? max(ours - base, 0) / (theirs - base) : .infinity
                targets.append("≤ 0.25× LiteLLM's added")
                verdicts.append(
                    (fractionOfTheirs <= 0.25 ? "met" : "**missed**") + " ("
                        + CompletionTable.number(fractionOfTheirs, 3) + "×)")
            }
        }
        rows.append(
            "| \(label) | \(base.map { CompletionTable.number($0, 3) } ?? "—") | \(cell(ours)) | \(cell(theirs)) | "
                + "\(targets.isEmpty ? "—" : targets.joined(separator: "; ")) | \(verdicts.joined(separator: "; ")) |")
    }
}
