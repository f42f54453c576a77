// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mass",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mass", targets: ["mass"])
    ],
    dependencies: [
        // 5.x keeps every key of a mapping, so duplicate keys can be reported with both positions.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // An HTML DSL that escapes text; the results page is built with it.
        .package(url: "https://github.com/JohnSundell/Plot", exact: "0.14.0"),
        // The HTTP server of `mass serve`, its metrics, logging and graceful shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The command-line entry point: parses arguments and hands over to PipelineCLI.
        .executableTarget(name: "mass", dependencies: ["PipelineCLI"]),
        // Release-build benchmarks that the scripts under bench/ run; not part of the product.
        .executableTarget(
            name: "mass-bench",
            dependencies: [
                "PipelineStages", "PipelineKinds", "PipelineExecutor", "PipelineGraph", "PipelineSpec", "ArtifactCache", "MLCore",
                "MLModels", "MLTuning",
            ]),
        // Commands, rendering and exit codes; the only module that prints.
        .target(
            name: "PipelineCLI",
            dependencies: [
                "PipelineStages", "PipelineKinds", "PipelineExecutor", "PipelineGraph", "PipelineSpec", "ArtifactCache",
                "PipelineBasics", "RunComparison", "MLModels", "ModelServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // `mass serve`: an HTTP server that answers with a model file, reloads it when replaced and learns from events.
        .target(
            name: "ModelServer",
            dependencies: [
                "MLModels", "PipelineBasics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        // The graph's steps as operations the executor runs: load, split, sample, fit, combine, evaluate, report.
        .target(
            name: "PipelineStages",
            dependencies: [
                "PipelineExecutor", "PipelineKinds", "PipelineGraph", "PipelineSpec", "PipelineBasics", "ArtifactCache", "MLCore",
                "MLModels", "MLTuning", "RunComparison", "ReportCharts",
                .product(name: "Plot", package: "Plot"),
            ]),
        // SVG charts for reports (bars, lines, scatter, histograms) with axes, ticks, units and titles; depends on nothing.
        .target(name: "ReportCharts"),
        // The kind tables: each kind's descriptor and the builder of the model, rule, split or sample it runs.
        .target(name: "PipelineKinds", dependencies: ["PipelineSpec", "MLCore", "MLModels", "MLTuning"]),
        // Two runs side by side: lock files at git revisions, metric diffs, gates against a baseline.
        .target(name: "RunComparison", dependencies: ["ArtifactCache", "PipelineSpec"]),
        // Plans, schedules and runs graph nodes against the artifact cache.
        .target(name: "PipelineExecutor", dependencies: ["PipelineGraph", "ArtifactCache", "PipelineBasics"]),
        // Lowers a spec into a graph of operations; graph algorithms. No I/O.
        .target(name: "PipelineGraph", dependencies: ["PipelineSpec", "PipelineBasics"]),
        // YAML to a typed, located spec; the kind registry; validation passes; the JSON Schema.
        .target(name: "PipelineSpec", dependencies: ["PipelineBasics", "Yams"]),
        // Content hashing, the content-addressed artifact store and the lock file.
        .target(
            name: "ArtifactCache",
            dependencies: [
                "PipelineBasics",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Source positions, diagnostics and their rendering; shared by every pipeline module.
        .target(name: "PipelineBasics", dependencies: ["EditDistance"]),
        // Edit distance for "did you mean" hints, one algorithm for the pipeline and ML modules; depends on nothing.
        .target(name: "EditDistance"),
        // Numeric core: rating data, loading, splits, sampling, metrics, seeded randomness.
        .target(name: "MLCore", dependencies: ["EditDistance"]),
        // Recommender sub-models and combiners.
        // Optimized even in debug builds: the SIMD training loops are ~50x slower unoptimized.
        // MASS_TARGET_CPU=native (opt-in, not portable) lets them use AVX; results are bit-identical.
        .target(
            name: "MLModels",
            dependencies: [
                "MLCore",
                .product(name: "HeapModule", package: "swift-collections"),
            ], swiftSettings: [.unsafeFlags(["-O"] + (Context.environment["MASS_TARGET_CPU"].map { ["-target-cpu", $0] } ?? []))]),
        // Hyper-parameter search over any objective: grid, random (uniform, Sobol, Latin hypercube), annealing, Bayesian.
        // Optimized even in debug builds, as MLModels is: the Gaussian-process fits are ~30x slower unoptimized.
        .target(name: "MLTuning", dependencies: ["MLCore"], swiftSettings: [.unsafeFlags(["-O"])]),

        .testTarget(name: "PipelineBasicsTests", dependencies: ["PipelineBasics"]),
        .testTarget(name: "EditDistanceTests", dependencies: ["EditDistance"]),
        .testTarget(
            name: "PipelineSpecTests", dependencies: ["PipelineSpec", "PipelineKinds", "PipelineBasics"], exclude: ["Fixtures"]),
        .testTarget(name: "PipelineKindsTests", dependencies: ["PipelineKinds", "PipelineSpec", "MLCore", "MLModels"]),
        .testTarget(
            name: "PipelineStagesTests",
            dependencies: [
                "PipelineStages", "PipelineKinds", "PipelineGraph", "PipelineSpec", "RunComparison", "MarkupTestSupport",
                "MLCore", "MLModels",
            ]),
        .testTarget(name: "PipelineGraphTests", dependencies: ["PipelineGraph", "PipelineKinds", "PipelineSpec"]),
        // Reads SVG and XHTML back with an XML parser, for the tests of the report and its charts.
        .target(name: "MarkupTestSupport", path: "Tests/MarkupTestSupport"),
        .testTarget(name: "ReportChartsTests", dependencies: ["ReportCharts", "MarkupTestSupport"]),
        .testTarget(name: "ArtifactCacheTests", dependencies: ["ArtifactCache"]),
        .testTarget(name: "PipelineExecutorTests", dependencies: ["PipelineExecutor", "PipelineGraph", "ArtifactCache"]),
        // Where the tests find MovieLens 100k, and the trait that skips (or, in CI, fails) without it.
        .target(name: "MovieLensTestSupport", path: "Tests/MovieLensTestSupport"),
        .testTarget(name: "MLCoreTests", dependencies: ["MLCore", "MovieLensTestSupport"]),
        .testTarget(name: "MLModelsTests", dependencies: ["MLModels", "MLCore", "MovieLensTestSupport"]),
        .testTarget(name: "MLTuningTests", dependencies: ["MLTuning", "MLCore"]),
        .testTarget(name: "RunComparisonTests", dependencies: ["RunComparison", "ArtifactCache", "PipelineSpec"]),
        .testTarget(
            name: "ModelServerTests",
            dependencies: [
                "ModelServer", "MLModels", "MLCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["mass", "PipelineKinds", "PipelineSpec"]),
        .testTarget(name: "PipelineCLITests", dependencies: ["PipelineCLI"]),
    ]
)
