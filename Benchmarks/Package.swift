// swift-tools-version: 6.1
import PackageDescription

/// Parley's benchmarks, kept in their own package so `make test` never builds them (`make bench` runs them).
///
/// - `parley-compare` times Parley and raw SQLite doing the same work in one process and prints the ratio table.
/// - `ParleyBenchmarks` is the ordo-one package-benchmark suite (`swift package benchmark`).
/// - `parley-load` drives a running `parley daemon` over its socket (throughput, latency percentiles) for
///   `daemon-bench.sh`, which runs it beside `redis-benchmark`; `parley-seed` writes the 1M-message store it serves.
/// - `parley-stream-bench` streams completions from `parley-fake-deepseek` through the daemon and straight from
///   `curl`, in one run, for `completion-bench.sh`; `StreamBenchSupport` is what the two agree on.
/// - `parley-sync-bench` times sync between two stores through a local target folder (a bulk export and import
///   beside raw SQLite inserting the same rows, one new message into 10k/100k/1M-message histories, encryption)
///   for `sync-bench.sh`.
/// - `parley-remote-bench` times the same sync through real SFTP, WebDAV and S3 servers on this machine beside
///   `rclone` uploading the same files to them (one new message, a bulk export, the requests of an idle run, the
///   peak memory of a large export) for `remote-sync-bench.sh`.
/// - `parley-exchange-bench` generates ChatGPT exports and times importing them beside the store's bulk insert of
///   the same conversations, and exporting a store to Parley JSON and Markdown beside raw SQLite writing its rows
///   as JSON lines, one step per process so each peak memory is its own, for `exchange-bench.sh`.
let package = Package(
    name: "ParleyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Parley", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        // Only the malloc interposer trait (allocation counts): the default RuntimeInterposer trait, for ARC counts
        // these benchmarks do not report, needs ordo-one/swift-runtime-interposer, which the local mirror lacks.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkCorpus",
            dependencies: [
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "ParleyTestSupport", package: "Parley"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "parley-compare",
            dependencies: ["BenchmarkCorpus"]
        ),
        // Plain POSIX sockets and one thread per connection: the client must cost little and depend on nothing
        // the daemon uses, so its numbers are the daemon's.
        .executableTarget(name: "parley-load", dependencies: ["StreamBenchSupport"]),
        .target(name: "StreamBenchSupport"),
        // Plain POSIX like parley-load: the measuring client costs little beside the daemon and the `curl`
        // processes it reads, and shares no code with the daemon it measures.
        .executableTarget(name: "parley-stream-bench", dependencies: ["StreamBenchSupport"]),
        .executableTarget(
            name: "parley-fake-deepseek",
            dependencies: [
                "StreamBenchSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "parley-seed",
            dependencies: ["BenchmarkCorpus", .product(name: "ParleyStore", package: "Parley")]
        ),
        // What parley-sync-bench and parley-remote-bench share: the corpus regrouped into conversations, the seeding,
        // timed runs and their samples, and how numbers are printed.
        .target(
            name: "SyncBenchSupport",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "ParleySync", package: "Parley"),
            ]
        ),
        .executableTarget(
            name: "parley-sync-bench",
            dependencies: [
                "BenchmarkCorpus",
                "SyncBenchSupport",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "ParleySync", package: "Parley"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The real servers of the main package's tests (sshd, WsgiDAV, Apache mod_dav, SeaweedFS, the counting
        // proxy), started on 127.0.0.1 for the run.
        .executableTarget(
            name: "parley-remote-bench",
            dependencies: [
                "SyncBenchSupport",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "ParleySync", package: "Parley"),
                .product(name: "ParleyTestSupport", package: "Parley"),
                .product(name: "ParleyTransfer", package: "Parley"),
            ]
        ),
        // One subcommand per step of exchange-bench.sh, each run as its own process.
        .executableTarget(
            name: "parley-exchange-bench",
            dependencies: [
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "ParleyExchange", package: "Parley"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "ParleyBenchmarks",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ParleyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
