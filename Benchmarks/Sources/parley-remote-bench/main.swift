import Foundation
import SyncBenchSupport

/// `parley-remote-bench [--history N] …`: times Parley's sync through real SFTP, WebDAV and S3 servers on this
/// machine beside a local folder and beside `rclone` uploading the same files to the same servers — one new
/// message between two devices, a bulk export, the requests of a run with nothing new, the peak memory of a
/// large export — and prints the tables in Markdown on stdout.
let options: RemoteBenchOptions
do {
    options = try RemoteBenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if !error.description.isEmpty { progress("parley-remote-bench: \(error)") }
    progress(RemoteBenchOptions.usage)
    exit(error.description.isEmpty ? 0 : 2)
}

/// Progress on stderr, so stdout carries only the tables.
func progress(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func thousands(_ value: Int) -> String {
    NumberText.grouped(Double(value))
}

/// Starts the servers, runs every measurement against each target, and stops the servers before it returns
/// (whether it succeeds or throws), since they stop when their values go away.
func measure() async throws -> RemoteResults {
    let workspace = options.workspace
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    progress("starting sshd, WsgiDAV, Apache mod_dav, SeaweedFS and the counting proxies")
    let servers = try TargetServers(workspace: workspace)
    let rclone = try Rclone(executable: options.rclone, servers: servers, scratch: workspace)
    let rcloneVersion = try rclone.version()

    var rounds: [OneMessageComparison] = []
    for target in servers.targets {
        progress(
            "\(target.label): \(options.warmUp) + \(options.rounds) rounds of one new message at "
                + "\(thousands(options.history)) messages, each beside rclone copyto")
        rounds.append(
            try await OneMessageComparison(
                target: target, rclone: rclone, history: options.history, rounds: options.rounds,
                warmUp: options.warmUp,
                scratch: workspace.appendingPathComponent("rounds-\(target.kind.rawValue)")))
    }

    var connections: [ConnectionCost] = []
    for target in servers.targets where target.isNetwork {
        progress("\(target.label): a listing on a new connection and again on it, \(options.rounds) times")
        connections.append(try await ConnectionCost(target: target, folder: "rounds", times: options.rounds))
    }

    var bulk: [BulkExportComparison] = []
    let staging = workspace.appendingPathComponent("bulk-segments")
    for target in servers.targets {
        progress(
            "\(target.label): export of \(thousands(options.bulkMessages)) messages, then rclone copy "
                + "--transfers \(options.transfers) of the same segments \(options.bulkRepeats) times")
        bulk.append(
            try await BulkExportComparison(
                target: target, messages: options.bulkMessages, stage: target.kind == .folder, rclone: rclone,
                transfers: options.transfers, repeats: options.bulkRepeats, staging: staging,
                scratch: workspace.appendingPathComponent("bulk-\(target.kind.rawValue)")))
    }
    // The local folder once more, last, so its anchor is not only the first export of the series.
    if let folder = servers.targets.first(where: { $0.kind == .folder }) {
        progress("\(folder.label): export of \(thousands(options.bulkMessages)) messages again, last")
        bulk.append(
            try await BulkExportComparison(
                target: folder, messages: options.bulkMessages, folder: "bulk-again", stage: false, rclone: rclone,
                transfers: options.transfers, repeats: 0, staging: staging,
                scratch: workspace.appendingPathComponent("bulk-folder-again")))
    }

    var idle: [IdleRun] = []
    for devices in [2, 5] {
        for target in servers.proxiedTargets {
            progress("\(target.label): a run with nothing new, \(devices) devices")
            idle.append(
                try await IdleRun(
                    target: target, devices: devices, proxy: servers.proxies[target.kind],
                    scratch: workspace.appendingPathComponent("idle-\(devices)-\(target.kind.rawValue)")))
        }
    }

    var memory: PeakMemory?
    if options.memoryMessages > 0, let s3 = servers.targets.first(where: { $0.kind == .s3 }) {
        progress(
            "peak memory: seeding \(thousands(options.memoryMessages)) messages, then a child process "
                + "exports them to S3")
        memory = try await PeakMemory(
            messages: options.memoryMessages, target: s3, scratch: workspace.appendingPathComponent("memory"))
    }
    var staged = (files: 0, bytes: 0)
    for name in try FileManager.default.contentsOfDirectory(atPath: staging.path) {
        let attributes = try FileManager.default.attributesOfItem(atPath: staging.appendingPathComponent(name).path)
        staged = (staged.files + 1, staged.bytes + ((attributes[.size] as? Int) ?? 0))
    }
    return RemoteResults(
        options: options, rcloneVersion: rcloneVersion, staged: staged, rounds: rounds, connections: connections,
        bulk: bulk, idle: idle, memory: memory)
}

if let child = options.memoryChild {
    do {
        try await PeakMemory.runChild(database: child.database, url: child.url, memoryMapBytes: options.memoryMapBytes)
        exit(0)
    } catch {
        progress("parley-remote-bench --memory-child failed: \(error)")
        exit(1)
    }
}

do {
    let results = try await measure()
    try? FileManager.default.removeItem(at: options.workspace)
    print(results.markdown, terminator: "")
} catch {
    try? FileManager.default.removeItem(at: options.workspace)
    progress("parley-remote-bench failed: \(error)")
    exit(1)
}
