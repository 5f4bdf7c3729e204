import BenchmarkCorpus
import Foundation
import SyncBenchSupport

/// `parley-sync-bench [--messages N] …`: times Parley's sync in one process — a bulk export and import beside raw
/// SQLite inserting the same rows, one new message synced into histories of 10k, 100k and 1M messages, the
/// size on the target, and the cost of encryption — and prints the tables in Markdown on stdout.
let options: SyncBenchOptions
do {
    options = try SyncBenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if !error.description.isEmpty { progress("parley-sync-bench: \(error)") }
    progress(SyncBenchOptions.usage)
    exit(error.description.isEmpty ? 0 : 2)
}

/// Progress on stderr, so stdout carries only the tables.
func progress(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func thousands(_ value: Int) -> String {
    NumberText.grouped(Double(value))
}

/// Runs every measurement, each on databases of its own that are removed as soon as it is done.
func measure() async throws -> SyncResults {
    let workspace = options.workspace
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    progress("raw SQLite inserts \(thousands(options.messages)) rows")
    let rawFolder = workspace.appendingPathComponent("raw")
    try FileManager.default.createDirectory(at: rawFolder, withIntermediateDirectories: true)
    let rawSeconds = try RawFloor.insert(
        messages: options.messages, path: rawFolder.appendingPathComponent("raw.sqlite").path)
    try FileManager.default.removeItem(at: rawFolder)

    var plain: [Int: BulkMeasurement] = [:]
    var rounds: [Int: OneMessageRounds] = [:]
    for size in [options.messages] + options.roundSizes.filter({ $0 != options.messages }).reversed() {
        let pair = try await SyncPair.make(
            messages: size, encrypted: false, in: workspace.appendingPathComponent("plain-\(size)"))
        plain[size] = pair.measurement
        if options.roundSizes.contains(size) {
            progress("\(options.rounds) rounds of one new message at \(thousands(size)) messages")
            rounds[size] = try await OneMessageRounds(pair: pair, rounds: options.rounds)
        }
        try pair.remove()
    }
    let size = options.encryptedMessages
    if plain[size] == nil {
        let pair = try await SyncPair.make(
            messages: size, encrypted: false, in: workspace.appendingPathComponent("plain-\(size)"))
        plain[size] = pair.measurement
        try pair.remove()
    }
    let encrypted = try await SyncPair.make(
        messages: size, encrypted: true, in: workspace.appendingPathComponent("encrypted-\(size)"))
    try encrypted.remove()
    return SyncResults(
        options: options, rawSeconds: rawSeconds, bulk: plain[options.messages]!,
        rounds: options.roundSizes.map { ($0, rounds[$0]!) }, plain: plain[size]!, encrypted: encrypted.measurement)
}

do {
    let results = try await measure()
    try? FileManager.default.removeItem(at: options.workspace)
    print(results.markdown, terminator: "")
} catch {
    try? FileManager.default.removeItem(at: options.workspace)
    progress("parley-sync-bench failed: \(error)")
    exit(1)
}
