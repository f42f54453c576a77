import ArtifactCache
import Foundation
import PipelineGraph
import Testing
@testable import PipelineExecutor

@Suite struct CommandStageTests {
    @Test func failingCommandShowsCommandStatusAndStderr() async throws {
        for keepGoing in [false, true] {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let graph = try OperationGraph([
                Node("broken", CommandStage(command: "echo first >&2; echo 'no such column: rating' >&2; exit 3")),
                Node("report", CommandStage(command: "echo ok > report.txt", outs: ["report.txt"]), inputs: ["broken"]),
                // Finishes only after the executor has taken in the failure, through the `go` file.
                Node(
                    "independent",
                    CommandStage(
                        command: "while [ ! -f go ]; do sleep 0.05; done; echo fine > fine.txt", outs: ["fine.txt"])),
                Node(
                    "after independent", CommandStage(command: "cat fine.txt > copy.txt", deps: ["fine.txt"], outs: ["copy.txt"]),
                    inputs: ["independent"]),
            ])
            let executor = workspace.executor(try workspace.store(), try ExecutorOptions(jobs: 2, keepGoing: keepGoing))
            let (_, report) = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock")) { event in
                if case .nodeFailed(id: "broken", _) = event {
                    _ = FileManager.default.createFile(atPath: workspace.file("go"), contents: nil)
                }
            }
            guard case .failed(let message)? = report.outcomes["broken"] else {
                Issue.record("broken did not fail: \(String(describing: report.outcomes["broken"]))")
                continue
            }
            #expect(message.contains("exit status 3"))
            #expect(message.contains("echo first >&2"))
            #expect(message.contains("| no such column: rating"))
            #expect(report.outcomes["report"] == .skipped(dependency: "broken"))
            #expect(workspace.read("fine.txt") == "fine\n")
            #expect((workspace.read("copy.txt") != nil) == keepGoing)
        }
    }

    @Test func missingDeclaredOutputIsNamed() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let graph = try OperationGraph([
            Node("train", CommandStage(command: "echo model > model.bin", outs: ["model.bin", "metrics.json"]))
        ])
        let (_, report) = try await workspace.executor(try workspace.store()).planAndRun(
            graph, lockPath: workspace.file("p.lock"))
        #expect(report.outcomes["train"] == .failed(message: "declared output metrics.json was not written"))
    }

    @Test func returningToAnEarlierConfigurationRestoresOutputsWithoutRunning() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("1\n2\n3\n", to: "input.txt")
        func graph(factor: Int) throws -> OperationGraph {
            try OperationGraph([
                Node(
                    "scale",
                    CommandStage(
                        command:
                            "echo run >> runs.log; mkdir -p out; awk -v f=$FACTOR '{print $1 * f}' input.txt > out/scaled.txt",
                        environment: ["FACTOR": String(factor)], deps: ["input.txt"], outs: ["out/scaled.txt"],
                        params: ["factor": .int(factor)])),
                Node(
                    "sum",
                    CommandStage(
                        command: "awk '{s += $1} END {print s}' out/scaled.txt > sum.txt",
                        deps: ["out/scaled.txt"], outs: ["sum.txt"]), inputs: ["scale"]),
            ])
        }
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("p.lock")

        _ = try await executor.planAndRun(try graph(factor: 2), lockPath: lockPath)
        #expect(workspace.read("sum.txt") == "12\n")
        let (changed, _) = try await executor.planAndRun(try graph(factor: 10), lockPath: lockPath)
        #expect(
            changed.node("scale")?.reasons.map(\.description) == [
                "env.FACTOR changed \"2\" → \"10\"", "params.factor changed 2 → 10",
            ])
        #expect(workspace.read("sum.txt") == "60\n")
        #expect(workspace.read("runs.log") == "run\nrun\n")

        let (back, report) = try await executor.planAndRun(try graph(factor: 2), lockPath: lockPath)
        #expect(back.toRun.isEmpty)
        #expect(report.executedNodes.isEmpty)
        #expect(workspace.read("out/scaled.txt") == "2\n4\n6\n")
        #expect(workspace.read("sum.txt") == "12\n")
        #expect(workspace.read("runs.log") == "run\nrun\n")

        // A deleted output comes back from the cache on a no-op run.
        try FileManager.default.removeItem(atPath: workspace.file("sum.txt"))
        let (_, restored) = try await executor.planAndRun(try graph(factor: 2), lockPath: lockPath)
        #expect(restored.executedNodes.isEmpty)
        #expect(workspace.read("sum.txt") == "12\n")

        // Editing a dependency runs the stage again.
        try workspace.write("1\n", to: "input.txt")
        let (edited, _) = try await executor.planAndRun(try graph(factor: 2), lockPath: lockPath)
        #expect(edited.node("scale")?.reasons.map(\.description) == ["input.txt changed"])
        #expect(workspace.read("sum.txt") == "2\n")
    }

    @Test func restoresSmallAndLargeOutputs() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let graph = try OperationGraph([
            Node(
                "make",
                CommandStage(
                    command: "head -c 100000 /dev/zero | tr '\\0' 'x' > big.txt; echo small > small.txt",
                    outs: ["big.txt", "small.txt"]))
        ])
        let store = try workspace.store()
        let executor = workspace.executor(store)
        let lockPath = workspace.file("p.lock")
        _ = try await executor.planAndRun(graph, lockPath: lockPath)
        // The large output is a stored file; the small one rides inside the result's entry.
        #expect(store.inventory().files.count == 1)
        try FileManager.default.removeItem(atPath: workspace.file("big.txt"))
        try FileManager.default.removeItem(atPath: workspace.file("small.txt"))
        let (_, report) = try await executor.planAndRun(graph, lockPath: lockPath)
        #expect(report.executedNodes.isEmpty)
        #expect(workspace.read("big.txt") == String(repeating: "x", count: 100_000))
        #expect(workspace.read("small.txt") == "small\n")
        // An edited output is not replaced by the stored copy: the stage runs again.
        try workspace.write("edited\n", to: "small.txt")
        let (plan, edited) = try await executor.planAndRun(graph, lockPath: lockPath)
        #expect(plan.node("make")?.reasons == [.outputModified(path: "small.txt")])
        #expect(edited.executedNodes == ["make"])
        #expect(workspace.read("small.txt") == "small\n")
    }

    @Test func logsGoToTheNodeLogFolder() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let graph = try OperationGraph([Node("talk", CommandStage(command: "echo hello; echo oops >&2"))])
        let executor = workspace.executor(try workspace.store())
        _ = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock"))
        let folder = executor.logFolder(for: "talk")
        #expect(folder.hasPrefix(workspace.file(".mass/logs/talk-")))
        #expect(try String(contentsOfFile: folder + "/stdout.log", encoding: .utf8) == "hello\n")
        #expect(try String(contentsOfFile: folder + "/stderr.log", encoding: .utf8) == "oops\n")
    }

    @Test func inMemoryStoreWritesOnlyLogsWhereTheCallerSays() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let graph = try OperationGraph([Node("talk", CommandStage(command: "echo hello"))])
        let executor = workspace.executor(InMemoryArtifactStore(logDirectory: workspace.file("logs")))
        _ = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock"))
        let folder = executor.logFolder(for: "talk")
        #expect(folder.hasPrefix(workspace.file("logs/talk-")))
        #expect(try String(contentsOfFile: folder + "/stdout.log", encoding: .utf8) == "hello\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).sorted() == ["logs", "p.lock"])
    }

    @Test func lockFileIsTheSameBytesWhenNothingRan() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let graph = try OperationGraph([
            Node("a", CommandStage(command: "echo a > a.txt", outs: ["a.txt"])),
            Node("b", CommandStage(command: "cat a.txt > b.txt", deps: ["a.txt"], outs: ["b.txt"]), inputs: ["a"]),
        ])
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("p.lock")
        _ = try await executor.planAndRun(graph, lockPath: lockPath)
        let first = workspace.read("p.lock")
        _ = try await executor.planAndRun(graph, lockPath: lockPath)
        #expect(workspace.read("p.lock") == first)
        #expect(first?.contains("  output b.txt = ") == true)
    }
}
