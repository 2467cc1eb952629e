// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "jbt",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jbt", targets: ["jbt"]),
        .executable(name: "jbt-bench", targets: ["jbt-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The domain: regions, cases, table positions, dates, Dutch holidays. No I/O.
        .target(name: "JBTCore"),
        // Strict reading of the YAML/JSON files people write: every error names file, line and field.
        .target(name: "JBTInput", dependencies: ["JBTCore", .product(name: "Yams", package: "Yams")]),
        // Region plugins: discovery and validation of the manifests under Plugins/.
        .target(name: "JBTPlugins", dependencies: ["JBTCore", "JBTInput", "JBTRules"]),
        // The scheduler: exact min-cost flow plus a deterministic improvement search.
        .target(name: "JBTScheduling", dependencies: ["JBTCore", "CClpShim"]),
        // COIN-OR CLP (Debian coinor-libclp-dev), the simplex for the scheduler's linear relaxation,
        // and CBC (coinor-libcbc-dev) for its branch and cut, behind a small C interface in C++.
        .target(name: "CClpShim", linkerSettings: [.linkedLibrary("Cbc"), .linkedLibrary("Cgl"), .linkedLibrary("OsiClp"),
                                                   .linkedLibrary("Osi"), .linkedLibrary("Clp"), .linkedLibrary("CoinUtils")]),
        // SQLite store through GRDB: migrations, transactions, audit log.
        .target(name: "JBTStorage", dependencies: ["JBTCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // libical, imported only by JBTCalendar.
        .systemLibrary(name: "CLibical", pkgConfig: "libical", providers: [.apt(["libical-dev"])]),
        // SMTP delivery through libcurl: a C shim, because curl_easy_setopt is variadic.
        .target(name: "CSMTP", linkerSettings: [.linkedLibrary("curl")]),
        // Calendar invites: the audiences of a booking and their iTIP messages, through libical.
        .target(name: "JBTCalendar", dependencies: ["JBTCore", "CLibical"]),
        // Documents from templates: Word (.docx) and Mustache (HTML, Markdown), PDF through LibreOffice.
        .target(name: "JBTDocuments", dependencies: ["JBTCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Lua 5.4, imported only by the C shim below.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        // The Lua sandbox in C: capped allocator, count hook, safe libraries; every longjmp stays here.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // Region rules in sandboxed Lua: the hooks of contract v1, memoised per input.
        .target(name: "JBTRules", dependencies: ["JBTCore", "CLuaShim"]),
        // The use cases the command line offers, in Dutch, on top of the modules above.
        .target(name: "JBTUseCases", dependencies: ["JBTCore", "JBTInput", "JBTPlugins", "JBTScheduling", "JBTStorage", "JBTCalendar", "CSMTP",
                                        "JBTDocuments", "JBTRules"]),
        .executableTarget(name: "jbt", dependencies: [
            "JBTUseCases", "JBTDocuments", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "jbt-bench", dependencies: ["JBTCore", "JBTScheduling", "JBTCalendar", "JBTDocuments", "JBTRules"],
                          path: "Benchmarks/Sources/jbt-bench"),

        .testTarget(name: "JBTCoreTests", dependencies: ["JBTCore"]),
        .testTarget(name: "JBTInputTests", dependencies: ["JBTInput", "JBTPlugins"]),
        .testTarget(name: "JBTSchedulingTests", dependencies: ["JBTScheduling", "JBTCore"]),
        .testTarget(name: "JBTStorageTests", dependencies: [
            "JBTStorage", "JBTCore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "JBTCalendarTests", dependencies: ["JBTCalendar", "JBTCore"]),
        .testTarget(name: "JBTEndToEndTests", dependencies: ["JBTCore", "JBTCalendar"], exclude: ["Golden"]),
        .testTarget(name: "JBTDocumentsTests", dependencies: [
            "JBTDocuments", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Golden"]),
        .testTarget(name: "JBTRulesTests", dependencies: ["JBTRules", "JBTCore"]),
        .testTarget(name: "JBTUseCasesTests", dependencies: [
            "JBTUseCases", "JBTCore", "JBTDocuments", "JBTStorage", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
