// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyCore", targets: ["ParleyCore"]),
        .library(name: "ParleyStore", targets: ["ParleyStore"]),
        .library(name: "ParleySync", targets: ["ParleySync"]),
        .library(name: "ParleyTransfer", targets: ["ParleyTransfer"]),
        .library(name: "ParleyChat", targets: ["ParleyChat"]),
        .library(name: "ParleyRPC", targets: ["ParleyRPC"]),
        .library(name: "ParleyGateway", targets: ["ParleyGateway"]),
        .library(name: "ParleyExchange", targets: ["ParleyExchange"]),
        .library(name: "ParleyDaemon", targets: ["ParleyDaemon"]),
        .library(name: "ParleyClient", targets: ["ParleyClient"]),
        .library(name: "ParleyTestSupport", targets: ["ParleyTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .systemLibrary(
            name: "CLibUUID",
            pkgConfig: "uuid",
            providers: [.apt(["uuid-dev"])]
        ),
        .systemLibrary(
            name: "CParleyZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "ParleyCore",
            dependencies: ["CLibUUID"]
        ),
        .executableTarget(
            name: "parley-embed-migrations",
            path: "Sources/parley-embed-migrations"
        ),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["parley-embed-migrations"]
        ),
        .target(
            name: "ParleyStore",
            dependencies: [
                "ParleyCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedMigrations"]
        ),
        .target(
            name: "ParleyTransfer",
            dependencies: ["CCurl", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "ParleyDeepSeek",
            dependencies: ["ParleyCore", "ParleyTransfer"]
        ),
        .target(
            name: "ParleyChat",
            dependencies: ["ParleyCore", "ParleyStore", "ParleyDeepSeek", "ParleyTransfer"]
        ),
        .target(
            name: "ParleySync",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                "ParleyTransfer",
                "CParleyZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ParleyRPC",
            dependencies: [
                "ParleyCore", "ParleyStore", "ParleySync", "ParleyChat", "ParleyDeepSeek", "ParleyTransfer",
                "ParleyExchange",
            ]
        ),
        .target(
            name: "ParleyGateway",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                "ParleyChat",
                "ParleyDeepSeek",
                "ParleyTransfer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ParleyExchange",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "ParleyDaemon",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                "ParleyRPC",
                "ParleyGateway",
                "ParleySync",
                "ParleyChat",
                "ParleyClient",
                "ParleyDeepSeek",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ParleyClient",
            dependencies: ["ParleyCore"]
        ),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                "ParleySync",
                "ParleyDaemon",
                "ParleyClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ParleyTestSupport",
            dependencies: [
                "ParleyCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/ParleyTestSupport"
        ),
        .testTarget(
            name: "ParleyChatTests",
            dependencies: ["ParleyChat", "ParleyCore", "ParleyDeepSeek", "ParleyStore", "ParleyTestSupport"]
        ),
        .testTarget(
            name: "ParleyCoreTests",
            dependencies: ["ParleyCore", "ParleyTestSupport"]
        ),
        .testTarget(
            name: "ParleyStoreTests",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                "ParleyTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CCurlTests",
            dependencies: ["CCurl"]
        ),
        .testTarget(
            name: "ParleyCLITests",
            dependencies: ["ParleyStore", "ParleyTestSupport"]
        ),
        .testTarget(
            name: "ParleyTransferTests",
            dependencies: ["ParleyTransfer", "ParleyTestSupport"]
        ),
        .testTarget(
            name: "ParleyDeepSeekTests",
            dependencies: ["ParleyCore", "ParleyDeepSeek", "ParleyTransfer", "ParleyTestSupport"]
        ),
        .testTarget(
            name: "ParleySyncTests",
            dependencies: [
                "ParleyCore", "ParleyStore", "ParleySync", "ParleyTestSupport", "ParleyTransfer",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ParleyRPCTests",
            dependencies: ["ParleyCore", "ParleyStore", "ParleyRPC", "ParleyDeepSeek", "ParleyTestSupport"]
        ),
        .testTarget(
            name: "ParleyGatewayTests",
            dependencies: [
                "ParleyGateway", "ParleyCore", .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "ParleyExchangeTests",
            dependencies: [
                "ParleyExchange", "ParleyCore", "ParleyStore", "ParleyTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "ParleyDaemonTests",
            dependencies: ["ParleyCore", "ParleyClient", "ParleyStore", "ParleyTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
