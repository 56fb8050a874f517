// swift-tools-version: 6.2
import PackageDescription

/// Every target of ours builds with warnings as errors. Release builds skip the runtime
/// exclusivity checks (debug builds, which the tests use, keep them): on the benchmark's 1 M
/// events `costroll report` took 3.74 s (3 runs) without them and 4.00 s with them, 5.6 s of CPU
/// against 6.1 s.
let strict: [SwiftSetting] = [
  .treatAllWarnings(as: .error), .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
  name: "costroll",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "costroll", targets: ["costroll"]),
    .executable(name: "costroll-bench", targets: ["costroll-bench"]),
    .library(name: "CostRoll", targets: ["CostRoll"]),
  ],
  // `swift build --traits ISAL` inflates with ISA-L (Debian: libisal-dev) instead of zlib.
  traits: [
    .trait(name: "ISAL", description: "Inflate gzip with ISA-L (libisal-dev) instead of zlib; off by default.")
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    // `swift package generate-documentation`: the reference articles in CostRoll.docc.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
  ],
  targets: [
    // The system zlib (Debian: zlib1g-dev), used for streaming gzip inflate and deflate.
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // glibc's malloc.h, for the executable's one allocator setting (`mallopt`).
    .systemLibrary(name: "CMalloc"),
    // Relaxed atomic loads and stores of 64-bit words and prefetch hints (compiler builtins,
    // inline in one header), for the tables several cores share or that miss the cache.
    .target(name: "CMemoryAccess"),
    // ISA-L's inflate (Debian: libisal-dev), used only with the ISAL trait.
    .systemLibrary(
      name: "CISAL",
      providers: [.apt(["libisal-dev"])]
    ),
    // The pipeline: input → decoding → dedup → aggregation → output, then the state and
    // pipeline-file layers for nightly runs. No CLI, no database (the store is a protocol here).
    .target(
      name: "CostRoll",
      dependencies: [
        "CZlib", "CMemoryAccess", .target(name: "CISAL", condition: .when(traits: ["ISAL"])),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict
    ),
    // The embedded state store: SQLite through GRDB, behind the core's `StateStore` protocol.
    .target(
      name: "CostRollStore",
      dependencies: [
        "CostRoll", .product(name: "GRDB", package: "GRDB.swift"),
        // SQLite's C API, for the bulk inserts of kept events (see `RowBinding`).
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: strict
    ),
    // Deterministic realistic event data for sample-data/, tests and benchmarks.
    .target(
      name: "CostRollGenerator",
      dependencies: ["CostRoll", "CZlib"],
      swiftSettings: strict
    ),
    // The command line surface: flags become one typed plan, then the core runs it.
    .target(
      name: "CostRollCommands",
      dependencies: [
        "CostRoll", "CostRollGenerator", "CostRollStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict
    ),
    // Benchmarks: stages alone, the report job end to end, and DuckDB on the same files.
    .executableTarget(
      name: "costroll-bench",
      dependencies: [
        "CostRoll", "CostRollGenerator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Sources/CostRollBench",
      swiftSettings: strict
    ),
    // What the test targets share: scratch directories with a private `$TMPDIR`, the built
    // binaries started as processes, golden files re-recorded with COSTROLL_RECORD_GOLDEN=1.
    .target(
      name: "CostRollTestSupport",
      dependencies: ["CostRollGenerator"],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "costroll",
      dependencies: ["CMalloc", "CostRoll", "CostRollCommands"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "CostRollTests",
      dependencies: [
        "CostRoll", "CostRollGenerator", "CostRollTestSupport", .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["Fixtures"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "CostRollStoreTests",
      dependencies: [
        "CostRollStore", "CostRoll", "CostRollGenerator", "CostRollTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      exclude: ["Fixtures"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "CostRollCommandsTests",
      dependencies: ["CostRollCommands", "CostRoll", "CostRollTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: strict
    ),
    // Runs the built costroll-bench and costroll binaries (swift build first), and checks the
    // bench's own arithmetic.
    .testTarget(
      name: "CostRollBenchTests",
      dependencies: ["costroll-bench", "CostRollTestSupport"],
      swiftSettings: strict
    ),
  ]
)
