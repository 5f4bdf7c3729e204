import Foundation
import ParleyCore
import ParleySync
import SyncBenchSupport

/// What a run pays to reach its target before its first answer: a directory is opened as the engine opens one
/// for each run (`TargetURL.open`, so a new libcurl transport with no connection), then the same listing is
/// asked twice, timed each: the first on a new connection (TCP, and for SFTP the SSH key exchange and login),
/// the second on the connection the first left open.
struct ConnectionCost {
    var target: BenchTarget
    var first = Samples()
    var again = Samples()

    init(target: BenchTarget, folder: String, times: Int) async throws {
        self.target = target
        for _ in 0..<times {
            let directory = try TargetURL.open(
                target.url(folder), connection: target.connection, environment: target.environment,
                network: NetworkOptions())
            var start = Stopwatch.now()
            _ = try await directory.list(.root)
            first.record(seconds: Stopwatch.seconds(since: start))
            start = Stopwatch.now()
            _ = try await directory.list(.root)
            again.record(seconds: Stopwatch.seconds(since: start))
        }
    }
}
