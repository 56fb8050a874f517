// swift-tools-version: 6.2
import PackageDescription

/// Every target of ours builds with warnings as errors.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

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
  ],
  targets: [
    // The system zlib (Debian: zlib1g-dev), used for streaming gzip inflate and deflate.
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // ISA-L's inflate (Debian: libisal-dev), used only with the ISAL trait.
    .systemLibrary(
      name: "CISAL",
      providers: [.apt(["libisal-dev"])]
    ),
    // The pipeline: input → decoding → dedup → aggregation → output. No CLI, no database.
    .target(
      name: "CostRoll",
      dependencies: [
        "CZlib", .target(name: "CISAL", condition: .when(traits: ["ISAL"])),
        .product(name: "Logging", package: "swift-log"),
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
        "CostRoll", "CostRollGenerator",
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
    .executableTarget(
      name: "costroll",
      dependencies: ["CostRollCommands"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "CostRollTests",
      dependencies: ["CostRoll", "CostRollGenerator", .product(name: "Logging", package: "swift-log")],
      exclude: ["Fixtures"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "CostRollCommandsTests",
      dependencies: ["CostRollCommands", "CostRoll"],
      swiftSettings: strict
    ),
  ]
)
