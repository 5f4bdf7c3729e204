// swift-tools-version:5.4
import PackageDescription

/// Parley's libFuzzer targets, kept in their own package (like Benchmarks/) so `make test` never builds them;
/// `make fuzz` runs them through `run.sh`.
///
/// Every target is one executable whose `LLVMFuzzerTestOneInput` feeds one parser of untrusted input: JSON-RPC
/// lines and the dispatcher behind them, sync files read from a target, what a network target's server answers
/// (listings) and the files its credentials come from, the DeepSeek event stream, search queries, and the
/// daemon's config file. They only link when built with libFuzzer's runtime:
///
/// ```sh
/// swift build --package-path Fuzz -c debug -Xswiftc -sanitize=address \
///     -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,pc-table,inline-8bit-counters -Xswiftc -enable-testing
/// ```
///
/// That is `-sanitize=fuzzer,address` split in two, because `-Xswiftc` reaches every Swift module including Parley's
/// build-tool plugin `parley-embed-migrations`: linked with libFuzzer (whose `main` wants `LLVMFuzzerTestOneInput`)
/// it fails to link, and `-parse-as-library` breaks its top-level `main.swift`. So the command line only instruments
/// (ASan plus the coverage `-sanitize=fuzzer` implies), and `fuzzTarget` below links libFuzzer into the fuzz
/// executables alone and compiles them with `-parse-as-library` (their globals are lazy declarations, not top-level
/// code that a Swift `main` would run instead of libFuzzer's).
///
/// The tools version stays below 5.5 on purpose: from 5.5 on, SwiftPM links every executable with
/// `--defsym main=<Module>_main` (so tests can link executables), which a `-parse-as-library` fuzz target never
/// defines; below it, `main` is libFuzzer's, as swift-protobuf's FuzzTesting/ (tools 5.3) relies on. Parley itself
/// keeps its 6.1 manifest and Swift 6 mode; only these harness files compile in Swift 5 mode.
///
/// `-enable-testing` builds Parley's modules so the targets can `@testable import` the internal decoders
/// (segment documents, device heads, the config file parser) instead of copying them.
let package = Package(
    name: "ParleyFuzz",
    dependencies: [
        .package(name: "Parley", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // What every target shares: running async work from libFuzzer's synchronous callback, and scratch folders.
        .target(name: "FuzzSupport"),
        fuzzTarget(
            name: "FuzzJSONRPC",
            dependencies: [
                "FuzzSupport",
                .product(name: "ParleyChat", package: "Parley"),
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "ParleyRPC", package: "Parley"),
            ]
        ),
        fuzzTarget(
            name: "FuzzSyncSegment",
            dependencies: [
                "FuzzSupport",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "ParleySync", package: "Parley"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        fuzzTarget(
            name: "FuzzSSE",
            dependencies: [
                "FuzzSupport",
                .product(name: "ParleyChat", package: "Parley"),
                .product(name: "ParleyCore", package: "Parley"),
                // ParleyDeepSeek is no product of Parley's; ParleyRPC brings its module along.
                .product(name: "ParleyRPC", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                // SeededGenerator, the tests' replayable random numbers.
                .product(name: "ParleyTestSupport", package: "Parley"),
            ]
        ),
        fuzzTarget(
            name: "FuzzSearchQuery",
            dependencies: [
                "FuzzSupport",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyStore", package: "Parley"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        fuzzTarget(
            name: "FuzzRemoteListing",
            dependencies: [
                "FuzzSupport",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleySync", package: "Parley"),
                .product(name: "ParleyTransfer", package: "Parley"),
            ]
        ),
        fuzzTarget(
            name: "FuzzConfigFile",
            dependencies: [
                "FuzzSupport",
                .product(name: "ParleyCore", package: "Parley"),
                .product(name: "ParleyDaemon", package: "Parley"),
            ]
        ),
    ],
    swiftLanguageVersions: [.v5]
)

/// A fuzz executable: libFuzzer (its `main`, which calls `LLVMFuzzerTestOneInput`) and ASan linked in, and the
/// target's own code compiled with `-sanitize=fuzzer` like everything else is instrumented from the command line.
func fuzzTarget(name: String, dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: dependencies,
        swiftSettings: [.unsafeFlags(["-sanitize=fuzzer,address", "-parse-as-library"])],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
    )
}
