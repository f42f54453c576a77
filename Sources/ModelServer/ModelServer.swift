import Hummingbird
import Logging
import MLModels
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `mass serve`: answers recommendations and predictions over HTTP with a model
/// file, reloads the file when it is replaced and learns from posted events.
public struct ModelServer: Sendable {
    public let configuration: ServerConfiguration
    public let holder: ModelHolder
    public let metrics: ServerMetrics
    /// Reloads, refusals, learned batches and snapshots, as they happen.
    public let notifications: AsyncStream<ServerNotification>
    let updater: EventUpdater
    let watcher: ModelFileWatcher
    let logger: Logger

    public struct LoadError: Error {
        public var message: String
    }

    /// Loads the model file; a missing or bad file is an error.
    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "mass.serve")) throws(LoadError) {
        self.configuration = configuration
        self.logger = logger
        let files = ModelFileAccess(path: configuration.modelPath)
        let loaded: (Ensemble, EnsembleProvenance)
        do {
            loaded = try files.read()
        } catch {
            throw LoadError(message: error.message)
        }
        holder = ModelHolder(
            ServedModel(
                ensemble: loaded.0, provenance: loaded.1, loadNumber: 1, eventsLearned: loaded.1.eventsLearned,
                loadedAt: .now))
        let metrics = ServerMetrics()
        self.metrics = metrics
        let (stream, continuation) = AsyncStream.makeStream(
            of: ServerNotification.self, bufferingPolicy: .bufferingNewest(1000))
        notifications = stream
        let notify: @Sendable (ServerNotification) -> Void = { continuation.yield($0) }
        updater = EventUpdater(
            holder: holder, files: files, metrics: metrics, logger: logger,
            snapshotEvents: configuration.snapshotEvents, snapshotInterval: configuration.snapshotInterval, notify: notify)
        watcher = ModelFileWatcher(
            files: files, holder: holder, metrics: metrics, interval: configuration.reloadInterval, logger: logger,
            notify: notify)
    }

    /// The HTTP application with the file watcher and the event updater as its services;
    /// `onRunning` gets the bound port.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(JSONErrorMiddleware(metrics: metrics))
        addRoutes(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mass"),
            services: [watcher, updater],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Makes the event loops that do the server's I/O run Swift concurrency's
    /// tasks too, for the rest of the process: a request's handler then runs
    /// on the thread that read it, instead of a hop to the concurrency pool
    /// and back for every request (on 2 cores that halved p99 at 6,000 req/s
    /// in bench/serve.sh). Loading a replaced file and learning from events
    /// run on NIO's thread pool, so they never hold an event loop.
    /// Call once, before the server starts; later calls do nothing.
    public static func runTasksOnEventLoops() {
        _ = tookOverConcurrency
    }

    private static let tookOverConcurrency =
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight and returns.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }
}
