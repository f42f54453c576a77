import ArgumentParser
import Foundation
import PipelineExecutor

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a run would do: every node, cached or to run, and why.",
        discussion:
            "Nothing runs. Reasons compare with the lock file beside the pipeline (e.g. \"models.svd.lr changed 0.005 → 0.01\")."
    )

    @Argument(help: "The pipeline file.") var file: String
    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var execution: ExecutionOptions
    @Flag(help: "Print the plan as JSON.") var json = false

    func run() throws {
        let session = try PipelineSession.open(
            file, parameters: parameters, options: try execution.executorOptions(),
            cacheDirectory: execution.cacheDir, json: json, warnings: CacheWarnings.print)
        let plan = try session.plan()
        if json {
            Console.out(PlanJSON.render(plan))
            return
        }
        var lines: [String] = []
        for node in plan.nodes {
            let marker = node.decision == .run ? "run   " : "cached"
            let why = node.decision == .run ? "  (" + node.reasons.map(\.description).joined(separator: "; ") + ")" : ""
            lines.append("\(marker)  \(node.id)\(why)")
        }
        let toRun = plan.toRun.count
        lines.append("\(toRun) of \(plan.nodes.count) nodes will run.")
        Console.out(lines.joined(separator: "\n"))
    }
}

enum PlanJSON {
    struct Entry: Encodable {
        var id: String
        var fingerprint: String
        var decision: String
        var reasons: [String]
    }

    static func render(_ plan: Plan) -> String {
        let entries = plan.nodes.map {
            Entry(
                id: $0.id, fingerprint: $0.fingerprint, decision: $0.decision == .run ? "run" : "cached",
                reasons: $0.decision == .run ? $0.reasons.map(\.description) : [])
        }
        return JSONText.encode(["nodes": entries])
    }
}

enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
