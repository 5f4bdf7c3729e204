import Benchmark
import BenchmarkCorpus
import Foundation

/// The package-benchmark suite: Parley's append and search, each beside raw SQLite doing the same work, with
/// the harness's percentiles and allocation counts. The side-by-side ratio table is `parley-compare`'s job.
let benchmarks: @Sendable () -> Void = {
    let quick = ProcessInfo.processInfo.environment["QUICK"].map { !$0.isEmpty && $0 != "0" } ?? false
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 20, maxDuration: .seconds(quick ? 1 : 3), maxIterations: 5_000)
    let fixture = HarnessFixture()

    Benchmark(
        "Parley append message (1 per transaction)", configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations { try await fixture.parley.append(fixture.nextMessage()) }
        }, setup: { try await fixture.openEmpty() }, teardown: { try fixture.close() })

    Benchmark(
        "raw SQLite append message (1 per transaction)", configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations { try fixture.raw.append(CollectionOfOne(fixture.nextMessage())) }
        }, setup: { try await fixture.openEmpty() }, teardown: { try fixture.close() })

    Benchmark(
        "Parley search (\(HarnessFixture.searchCorpusSize) messages, limit 20)", configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await fixture.parley.store.search.messages(fixture.nextQuery().parley, limit: 20))
            }
        }, setup: { try await fixture.openFilled() }, teardown: { try fixture.close() })

    Benchmark(
        "raw SQLite search (\(HarnessFixture.searchCorpusSize) messages, limit 20)", configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try fixture.raw.search(fixture.nextQuery().raw)) }
        }, setup: { try await fixture.openFilled() }, teardown: { try fixture.close() })
}
