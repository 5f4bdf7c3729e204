// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyCore", targets: ["ParleyCore"]),
        .library(name: "ParleyStore", targets: ["ParleyStore"]),
        .library(name: "ParleyTestSupport", targets: ["ParleyTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
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
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ParleyTestSupport",
            dependencies: ["ParleyCore"],
            path: "Tests/ParleyTestSupport"
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
            dependencies: ["ParleyStore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
