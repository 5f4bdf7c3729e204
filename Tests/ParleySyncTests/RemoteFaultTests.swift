import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// The network failing on purpose between a device and each HTTP target (WsgiDAV, Apache mod_dav, S3 on
/// SeaweedFS), through the fault-injecting proxy: busy answers and broken or stalled connections are retried
/// and reported; a run that runs out of tries leaves nothing half-written that another device could see, and
/// the next run completes without duplicates; refused credentials fail at once.
@Suite struct RemoteFaultTests {
    /// Small segments, so a run writes several files.
    static var options: SyncOptions {
        var options = SyncOptions()
        options.maximumSegmentRecords = 8
        return options
    }

    @Test(arguments: ProxiedTarget.Kind.http, [503, 429, 423])
    func busyAnswersAreRetriedAsRetryAfterSays(kind: ProxiedTarget.Kind, status: Int) async throws {
        let target = try ProxiedTarget(kind)
        let first = try target.device(options: Self.options)
        let second = try target.device(options: Self.options)
        _ = try await first.engine.configure(url: target.url, passphraseFile: nil)
        _ = try await second.engine.configure(url: target.url, passphraseFile: nil)
        try await SyncPair.write(20, on: first, title: "busy")
        try target.proxy.resetStats()
        try target.proxy.injectStatus(status, retryAfter: 1, count: 2, method: "PUT")
        let report = try await first.engine.run()
        #expect(report.exportedSegments >= 2)
        #expect(report.moved.retries == 2, "\(report.moved)")
        #expect(try target.proxy.stats().faults == 2)
        let imported = try await second.engine.run()
        #expect(imported.skipped.isEmpty, "\(imported.skipped)")
        #expect(try second.count("SELECT count(*) FROM message") == 20)
    }

    @Test(arguments: ProxiedTarget.Kind.http)
    func aResetConnectionIsRetriedWithinTheRun(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let first = try target.device(options: Self.options)
        _ = try await first.engine.configure(url: target.url, passphraseFile: nil)
        try await SyncPair.write(20, on: first, title: "reset once")
        try target.proxy.resetAfter(bytes: 0, count: 1)
        try target.proxy.dropConnections()
        let report = try await first.engine.run()
        #expect(report.moved.retries ?? 0 >= 1, "\(report.moved)")
        #expect(report.exportedSegments >= 2)
    }

    @Test(arguments: ProxiedTarget.Kind.http)
    func aRunOutOfTriesLeavesNothingHalfWrittenAndTheNextCompletes(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let network = ProxiedTarget.network(attempts: 2)
        let first = try target.device(options: Self.options, network: network)
        let second = try target.device(options: Self.options, network: network)
        _ = try await first.engine.configure(url: target.url, passphraseFile: nil)
        _ = try await second.engine.configure(url: target.url, passphraseFile: nil)
        try await SyncPair.write(12, on: first, title: "before")
        _ = try await first.engine.run()
        try await SyncPair.write(30, on: first, title: "cut off")
        // Every upload is cut after 300 bytes: a segment is bigger, so each one breaks halfway.
        try target.proxy.resetUploadAfter(bytes: 300, count: 1_000)
        try target.proxy.dropConnections()
        let failed = await ParleyErrorCapture.async { _ = try await first.engine.run() }
        #expect(failed?.reason.contains("2 tries") == true, "\(String(describing: failed))")
        #expect(try await first.engine.status().lastError?.contains("2 tries") == true)
        try target.proxy.pass()

        let meanwhile = try await second.engine.run()
        #expect(meanwhile.skipped.isEmpty, "no half-written file is visible: \(meanwhile.skipped)")
        #expect(try second.count("SELECT count(*) FROM message") == 12)

        let resumed = try await first.engine.run()
        #expect(resumed.exportedSegments >= 1)
        let caughtUp = try await second.engine.run()
        #expect(caughtUp.skipped.isEmpty, "\(caughtUp.skipped)")
        #expect(try second.count("SELECT count(*) FROM message") == 42)
        #expect(try await first.store.sync.contentHash() == second.store.sync.contentHash())
    }

    @Test(arguments: ProxiedTarget.Kind.http)
    func aStalledTransferIsCutAtTheTimeoutAndRetried(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let first = try target.device(network: ProxiedTarget.network(idleTimeoutSeconds: 1))
        _ = try await first.engine.configure(url: target.url, passphraseFile: nil)
        try await SyncPair.write(5, on: first, title: "stalled")
        try target.proxy.stall(seconds: 8, count: 1)
        try target.proxy.dropConnections()
        let report = try await first.engine.run()
        #expect(report.moved.retries ?? 0 >= 1, "\(report.moved)")
        #expect(report.exportedSegments == 1)

        try target.proxy.stall(seconds: 8, count: 1_000)
        try target.proxy.dropConnections()
        let stalled = try target.device(network: ProxiedTarget.network(idleTimeoutSeconds: 1, attempts: 2))
        let failed = await ParleyErrorCapture.async {
            _ = try await stalled.engine.configure(url: target.url, passphraseFile: nil)
        }
        #expect(failed?.reason.contains("nothing arrived for 1 s") == true, "\(String(describing: failed))")
    }

    @Test(arguments: ProxiedTarget.Kind.http)
    func refusedCredentialsFailAtOnceWithoutRetrying(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let device = try SyncDevice(targetEnvironment: target.wrongEnvironment, network: ProxiedTarget.network())
        try target.proxy.resetStats()
        let refused = await ParleyErrorCapture.async {
            _ = try await device.engine.configure(url: target.url, passphraseFile: nil)
        }
        #expect(refused?.reason.contains("refused the credentials") == true, "\(String(describing: refused))")
        #expect(refused?.reason.contains("Nothing was retried") == true)
        #expect(try target.proxy.stats().requests == 1)
    }
}

/// What the status says of a target that cannot be reached.
@Suite struct UnreachableTargetTests {
    @Test(arguments: ProxiedTarget.Kind.allCases)
    func theStatusSaysTheTargetIsUnreachableAndWhy(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let device = try target.device(network: ProxiedTarget.network(attempts: 1))
        try await target.join(device)
        #expect(try await device.engine.status().reachable == true)
        try target.proxy.resetAfter(bytes: 0, count: 1_000)
        try target.proxy.dropConnections()
        let status = try await device.engine.status()
        #expect(status.reachable == false)
        #expect(status.targetKind == TargetURL.kind(of: target.url).rawValue)
        // What the connection died of, in libcurl's words: a reset, or for SSH the banner that never came.
        let error = status.targetError ?? ""
        #expect(error.contains("reset") || error.contains("banner"), "\(error)")
        #expect(error.contains("target.json"), "\(error)")
    }
}
