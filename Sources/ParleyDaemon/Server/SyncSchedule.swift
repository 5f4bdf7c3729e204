import Logging
import ParleyCore
import ParleyRPC
import ServiceLifecycle

/// Syncs in the background: shortly after start, then every interval, while a target is configured. A run
/// that fails is logged and tried again at the next tick; `sync.status` shows its error.
struct SyncSchedule: Service {
    let sync: SyncService
    let intervalSeconds: Int
    let logger: Logger

    /// The pause before the first run, so a daemon started at login does not sync before it serves.
    static let firstRunDelaySeconds = 2

    func run() async throws {
        guard intervalSeconds > 0 else { return }
        var delay = min(Self.firstRunDelaySeconds, intervalSeconds)
        while !Task.isShuttingDownGracefully {
            do {
                let pause = delay
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(pause)) }
            } catch {
                return
            }
            delay = intervalSeconds
            guard sync.isConfigured, !Task.isShuttingDownGracefully else { continue }
            do {
                let report = try await sync.run()
                logger.info(
                    "sync ran",
                    metadata: [
                        "exported": "\(report.exportedSegments)", "imported": "\(report.importedSegments)",
                        "applied": "\(report.appliedChanges)", "conflicts": "\(report.conflicts)",
                        "skipped": "\(report.skipped.count)",
                    ])
            } catch {
                logger.warning("sync failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
