/// Where `mass serve` listens, what it accepts and how it keeps the model current.
public struct ServerConfiguration: Sendable {
    public var modelPath: String
    public var host: String
    /// 0 picks a free port; `ModelServer.onRunning` reports the one bound.
    public var port: Int
    public var limits: RequestLimits
    /// How often the model file is checked for a replacement.
    public var reloadInterval: Duration
    /// Write the learned model back to `modelPath` after this many events (nil: never by count).
    public var snapshotEvents: Int?
    /// Write the learned model back to `modelPath` this often while events arrive (nil: never by time).
    public var snapshotInterval: Duration?

    public init(
        modelPath: String, host: String = "127.0.0.1", port: Int = 8080, limits: RequestLimits = RequestLimits(),
        reloadInterval: Duration = .seconds(1), snapshotEvents: Int? = nil, snapshotInterval: Duration? = nil
    ) {
        self.modelPath = modelPath
        self.host = host
        self.port = port
        self.limits = limits
        self.reloadInterval = reloadInterval
        self.snapshotEvents = snapshotEvents
        self.snapshotInterval = snapshotInterval
    }
}

/// Bounds on what one request may ask, so that no client can hold the server.
public struct RequestLimits: Sendable {
    /// The largest request body, in bytes (413 beyond it).
    public var maxBodyBytes: Int
    /// The most pairs one `POST /v1/predict` scores, and the most events one `POST /v1/events` carries.
    public var maxPairs: Int
    /// The largest `n` of `GET /v1/recommend`.
    public var maxCount: Int

    public init(maxBodyBytes: Int = 1 << 20, maxPairs: Int = 10_000, maxCount: Int = 1_000) {
        self.maxBodyBytes = maxBodyBytes
        self.maxPairs = maxPairs
        self.maxCount = maxCount
    }
}
