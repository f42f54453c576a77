import ArgumentParser
import ModelServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer recommendations and predictions over HTTP with an exported model file.",
        discussion: """
            Routes: GET /v1/recommend?user=ID&n=10, POST /v1/predict, POST /v1/events, GET /v1/model, \
            GET /healthz, GET /metrics (Prometheus). api/openapi.yaml describes them. When the model file \
            is replaced, the new one is loaded and swapped in; a bad one is refused and the old one keeps \
            serving. Posted rating events update the served model; with --snapshot-every or \
            --snapshot-seconds the learned model is written back to the model file. SIGTERM or SIGINT \
            finishes the requests in flight and exits 0.
            """
    )

    @Argument(help: "The model file (`mass export`).") var model: String
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).") var port = 8080
    @Option(help: "The largest request body, in bytes.") var maxBodyBytes = RequestLimits().maxBodyBytes
    @Option(help: "The most pairs per predict request, and events per events request.") var maxPairs =
        RequestLimits().maxPairs
    @Option(help: "The largest n of a recommend request.") var maxN = RequestLimits().maxCount
    @Option(help: "Seconds between checks of the model file for a replacement.") var reloadSeconds = 1.0
    @Option(help: "Write the learned model to the model file after this many events.") var snapshotEvery: Int?
    @Option(help: "Write the learned model to the model file this often, in seconds, while events arrive.")
    var snapshotSeconds: Double?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, got \(port)") }
        guard maxBodyBytes >= 1, maxPairs >= 1, maxN >= 1 else {
            throw ValidationError("--max-body-bytes, --max-pairs and --max-n must be at least 1")
        }
        guard reloadSeconds > 0 else { throw ValidationError("--reload-seconds must be positive") }
        if let snapshotEvery, snapshotEvery < 1 { throw ValidationError("--snapshot-every must be at least 1") }
        if let snapshotSeconds, snapshotSeconds <= 0 { throw ValidationError("--snapshot-seconds must be positive") }
    }

    func run() async throws {
        let configuration = ServerConfiguration(
            modelPath: model, host: host, port: port,
            limits: RequestLimits(maxBodyBytes: maxBodyBytes, maxPairs: maxPairs, maxCount: maxN),
            reloadInterval: .milliseconds(Int(reloadSeconds * 1000)), snapshotEvents: snapshotEvery,
            snapshotInterval: snapshotSeconds.map { .milliseconds(Int($0 * 1000)) })
        ModelServer.runTasksOnEventLoops()
        let server: ModelServer
        do {
            server = try ModelServer(configuration: configuration)
        } catch {
            Console.error(
                "mass: error: \(error.message)\nhint: write a model file with `mass export PIPELINE -o \(model)`")
            throw MassExit.failure
        }
        try await server.run { port in Console.error("mass: serving \(model) on http://\(host):\(port)") }
    }
}
