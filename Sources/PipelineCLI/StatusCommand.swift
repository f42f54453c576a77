import ArgumentParser
import PipelineExecutor

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether the pipeline is up to date, and which nodes are not.",
        discussion: "Exits 0 when every node is cached, 1 when some would run."
    )

    @Argument(help: "The pipeline file.") var file: String
    @OptionGroup var parameters: ParameterOptions
    @Option(help: ArgumentHelp("Where artifacts are cached.", valueName: "DIR")) var cacheDir: String?
    @Flag(help: "Print the status as JSON.") var json = false

    func run() throws {
        let session = try PipelineSession.open(
            file, parameters: parameters, cacheDirectory: cacheDir, json: json, warnings: CacheWarnings.print)
        let plan = try session.plan()
        let stale = plan.toRun
        if json {
            struct Status: Encodable {
                var upToDate: Bool
                var nodes: Int
                var stale: [[String: String]]
            }
            Console.out(
                JSONText.encode(
                    Status(
                        upToDate: stale.isEmpty, nodes: plan.nodes.count,
                        stale: stale.map { ["id": $0.id, "reason": $0.reasons.first?.description ?? ""] })))
        } else if stale.isEmpty {
            Console.out("\(file): up to date (\(plan.nodes.count) nodes cached)")
        } else {
            var lines = ["\(file): \(stale.count) of \(plan.nodes.count) nodes would run:"]
            lines += stale.map { "  \($0.id): \($0.reasons.map(\.description).joined(separator: "; "))" }
            Console.out(lines.joined(separator: "\n"))
        }
        if !stale.isEmpty { throw MassExit.failure }
    }
}
