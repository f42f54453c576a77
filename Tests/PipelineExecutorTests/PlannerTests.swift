import ArtifactCache
import Foundation
import PipelineGraph
import Testing
@testable import PipelineExecutor

/// Trains a "model" reading a data file: a configurable, file-dependent operation.
private struct Train: PipelineOperation {
    var configuration: ConfigValue
    var version: Int = 1
    var name: String { "train" }
    var fileDependencies: [String] { ["data/ratings.csv"] }
    var usesSeed: Bool { false }
    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact { .double(1) }
}

@Suite struct PlannerTests {
    func graph(lr: Double = 0.005, version: Int = 1, fold: Int = 2) throws -> OperationGraph {
        try OperationGraph([
            Node("split fold 2", Split(fold: fold)),
            Node(
                "train svd @ fold 2",
                Train(configuration: ["models": ["svd": ["lr": .double(lr), "factors": 64]]], version: version),
                inputs: ["split fold 2"]),
        ])
    }

    func reasons(_ plan: Plan, _ id: String) -> [String] {
        plan.node(id)?.reasons.map(\.description) ?? []
    }

    @Test func explainsEveryKindOfChange() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try FileManager.default.createDirectory(atPath: workspace.file("data"), withIntermediateDirectories: true)
        try workspace.write("u,i,r\n1,2,3\n", to: "data/ratings.csv")
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("pipeline.lock")

        let (first, report) = try await executor.planAndRun(try graph(), lockPath: lockPath)
        #expect(reasons(first, "split fold 2") == ["new node"])
        #expect(report.succeeded)

        let lock = try #require(try LockFile.read(from: lockPath))
        let unchanged = try executor.plan(try graph(), previous: lock)
        #expect(unchanged.toRun.isEmpty)
        #expect(reasons(unchanged, "train svd @ fold 2") == ["cached"])

        let tuned = try executor.plan(try graph(lr: 0.01), previous: lock)
        #expect(tuned.toRun.map(\.id) == ["train svd @ fold 2"])
        #expect(reasons(tuned, "train svd @ fold 2") == ["models.svd.lr changed 0.005 → 0.01"])

        let bumped = try executor.plan(try graph(version: 2), previous: lock)
        #expect(reasons(bumped, "train svd @ fold 2") == ["operation version changed 1 → 2"])

        let refolded = try executor.plan(try graph(fold: 3), previous: lock)
        #expect(reasons(refolded, "split fold 2") == ["fold changed 2 → 3"])
        #expect(reasons(refolded, "train svd @ fold 2") == ["an input changed (split fold 2)"])

        try workspace.write("u,i,r\n1,2,4\n", to: "data/ratings.csv")
        let edited = try executor.plan(try graph(), previous: lock)
        #expect(reasons(edited, "train svd @ fold 2") == ["data/ratings.csv changed"])
        #expect(edited.node("split fold 2")?.decision == .cached)
    }

    @Test func forcedNoCacheAndNotInCache() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try FileManager.default.createDirectory(atPath: workspace.file("data"), withIntermediateDirectories: true)
        try workspace.write("x", to: "data/ratings.csv")
        let store = try workspace.store()
        let lockPath = workspace.file("pipeline.lock")
        _ = try await workspace.executor(store).planAndRun(try graph(), lockPath: lockPath)
        let lock = try LockFile.read(from: lockPath)

        let forced = try workspace.executor(store, ExecutorOptions(forced: ["split fold 2"])).plan(try graph(), previous: lock)
        #expect(reasons(forced, "split fold 2") == ["forced"])
        #expect(forced.node("train svd @ fold 2")?.decision == .cached)

        let uncached = try workspace.executor(store, ExecutorOptions(noCache: true)).plan(try graph(), previous: lock)
        #expect(uncached.toRun.count == 2)
        #expect(reasons(uncached, "split fold 2") == ["caching disabled"])

        _ = store.collectGarbage(keeping: [], dryRun: false)
        let collected = try workspace.executor(store).plan(try graph(), previous: lock)
        #expect(reasons(collected, "split fold 2") == ["not in cache"])

        #expect(throws: ExecutorError.self) {
            try workspace.executor(store, ExecutorOptions(forced: ["nope"])).plan(try graph(), previous: lock)
        }
    }

    @Test func missingDataFileFailsTheNodeWithItsName() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let executor = workspace.executor(try workspace.store())
        let (plan, report) = try await executor.planAndRun(try graph(), lockPath: workspace.file("p.lock"))
        #expect(plan.node("train svd @ fold 2")?.problem == "data/ratings.csv does not exist")
        #expect(report.outcomes["train svd @ fold 2"] == .failed(message: "data/ratings.csv does not exist"))
        #expect(report.outcomes["split fold 2"] == .executed(milliseconds: 0) || report.executedNodes.contains("split fold 2"))
    }

    @Test func readingAnotherNodesOutputRequiresTheEdge() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let graph = try OperationGraph([
            Node("prepare", CommandStage(command: "echo x > prepared.csv", outs: ["prepared.csv"])),
            Node("use", CommandStage(command: "cat prepared.csv", deps: ["prepared.csv"])),
        ])
        #expect {
            try workspace.executor(InMemoryArtifactStore(logDirectory: workspace.file("logs"))).plan(graph, previous: nil)
        } throws: { error in
            (error as? ExecutorError)?.code == .undeclaredDependency
        }
    }
}
