// swift-tools-version:6.0
// Granary: a self-hosted artifact repository that speaks the AWS CodeArtifact API.
// Target layout and the direction of imports follow ARCHITECTURE.md: C modules are wrapped by
// GranaryCrypto, MariaDB and FastCGI only; SQL lives only in GranaryStore.
import PackageDescription

let package = Package(
    name: "Granary",
    products: [
        .executable(name: "granary", targets: ["granary"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries, reached through pkg-config.
        .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Wrappers: the only Swift targets that import C modules.
        .target(name: "GranaryCrypto", dependencies: ["COpenSSL"]),
        .target(name: "MariaDB", dependencies: ["CMariaDB"]),
        .target(name: "FastCGI", dependencies: ["CFastCGI", "HTTP"]),
        .target(name: "Compression", dependencies: ["CZlib"]),
        .target(name: "UpstreamHTTP", dependencies: ["CCurl", "GranaryCore"]),

        // Pure Swift layers.
        .target(name: "HTTP"),
        .target(name: "GranaryCore", dependencies: ["GranaryCrypto"]),
        .target(name: "GranaryStore", dependencies: ["GranaryCore", "MariaDB", "GranaryCrypto", "Compression"]),
        // Shared readers and writers of package formats (zip, tar, multipart, JSON, SemVer, base64,
        // escaping): no format's own rules, no GranaryCore.
        .target(name: "FormatKit", dependencies: ["Compression", "GranaryCrypto"]),
        .target(name: "EdgeKit", dependencies: ["FormatKit", "GranaryCore", "HTTP"]),
        .target(name: "Operations", dependencies: ["GranaryCore", "HTTP", "EdgeKit"]),
        .target(name: "GenericFormat", dependencies: ["GranaryCore", "HTTP", "EdgeKit"], path: "Sources/Formats/Generic"),
        .target(name: "PyPIFormat", dependencies: ["FormatKit", "GranaryCore", "HTTP", "EdgeKit"], path: "Sources/Formats/PyPI"),
        .target(name: "NpmFormat", dependencies: ["FormatKit", "GranaryCore", "GranaryCrypto", "HTTP", "EdgeKit"], path: "Sources/Formats/Npm"),
        .target(name: "MavenFormat", dependencies: ["FormatKit", "GranaryCore", "GranaryCrypto", "HTTP", "EdgeKit"], path: "Sources/Formats/Maven"),
        .target(name: "NuGetFormat", dependencies: ["FormatKit", "GranaryCore", "GranaryCrypto", "HTTP", "EdgeKit"], path: "Sources/Formats/NuGet"),
        .target(name: "ControlPlane", dependencies: ["FormatKit", "GranaryCore", "GranaryCrypto", "HTTP", "EdgeKit"]),
        // EventBridge's pure parts: event patterns (parse, validate, match) and target input
        // (Input, InputPath, InputTransformer), on FormatKit's OrderedJSON.
        .target(name: "Events", dependencies: ["FormatKit"]),
        // EventBridge's API (JSON 1.1 through ControlPlane's seam) on the Events target's patterns.
        .target(name: "EventBridge", dependencies: ["ControlPlane", "Events", "FormatKit", "GranaryCore", "HTTP"]),
        // The dispatcher's work (outbox → buses → rules → API destinations, retries, replays) on
        // GranaryCore's ports: no threads, no SQL, no C.
        .target(name: "EventDelivery", dependencies: ["Events", "FormatKit", "GranaryCore", "GranaryCrypto"]),

        // Composition root.
        .executableTarget(
            name: "granary",
            dependencies: [
                "GranaryCore", "GranaryStore", "FastCGI", "HTTP", "Operations", "ControlPlane", "EventBridge", "EventDelivery", "GenericFormat", "PyPIFormat", "NpmFormat", "MavenFormat", "NuGetFormat",
                "EdgeKit", "UpstreamHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(
            name: "GranaryUnitTests",
            dependencies: ["GranaryCrypto", "HTTP", "GranaryCore", "Operations", "GranaryStore", "FastCGI", "ControlPlane", "EdgeKit"],
            path: "Tests/GranaryUnitTests"
        ),
        .testTarget(
            name: "FormatKitTests",
            dependencies: ["FormatKit", "Compression"],
            path: "Tests/FormatKitTests"
        ),
        .testTarget(
            name: "EventsTests",
            dependencies: ["Events", "FormatKit"],
            path: "Tests/EventsTests"
        ),
        .testTarget(
            name: "EventDeliveryTests",
            dependencies: ["EventDelivery", "GranaryCore", "GranaryCrypto", "FormatKit"],
            path: "Tests/EventDeliveryTests"
        ),
        .testTarget(
            name: "EventBridgeTests",
            dependencies: ["EventBridge", "ControlPlane", "FormatKit", "GranaryCore", "HTTP"],
            path: "Tests/EventBridgeTests"
        ),
        .testTarget(
            name: "FormatUnitTests",
            dependencies: ["Compression", "FormatKit", "PyPIFormat", "NpmFormat", "MavenFormat", "NuGetFormat", "GranaryCore", "GranaryCrypto", "HTTP"],
            path: "Tests/FormatUnitTests"
        ),
    ]
)
