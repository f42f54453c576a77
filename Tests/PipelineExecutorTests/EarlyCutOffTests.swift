import ArtifactCache
import Foundation
import PipelineGraph
import Testing
@testable import PipelineExecutor

/// When a node runs again and its outputs hash to what they were, the nodes
/// that depend on it keep their results (as in Bazel and Shake).
@Suite struct EarlyCutOffTests {
    /// gen (reads gen.sh) → middle → last; middle and last count their runs.
    private func graph() throws -> OperationGraph {
        try OperationGraph([
            Node("gen", CommandStage(command: "sh gen.sh > a.txt", deps: ["gen.sh"], outs: ["a.txt"])),
            Node(
                "middle", CommandStage(command: "echo m >> runs.log; sort a.txt > b.txt", deps: ["a.txt"], outs: ["b.txt"]),
                inputs: ["gen"]),
            Node(
                "last", CommandStage(command: "echo l >> runs.log; wc -l < b.txt > c.txt", deps: ["b.txt"], outs: ["c.txt"]),
                inputs: ["middle"]),
        ])
    }

    @Test func unchangedOutputKeepsTheDependants() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("echo 2; echo 1\n", to: "gen.sh")
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("p.lock")
        _ = try await executor.planAndRun(try graph(), lockPath: lockPath)
        #expect(workspace.read("runs.log") == "m\nl\n")

        // A comment-only edit: gen runs again and writes the same bytes.
        try workspace.write("# print two lines\necho 2; echo 1\n", to: "gen.sh")
        let log = EventLog()
        let (plan, report) = try await executor.planAndRun(try graph(), lockPath: lockPath) { log.record($0) }
        #expect(plan.toRun.map(\.id) == ["gen", "middle", "last"], "the plan cannot know before gen runs")
        #expect(report.succeeded)
        #expect(report.executedNodes == ["gen"])
        #expect(report.outcomes["middle"] == .cached && report.outcomes["last"] == .cached)
        #expect(log.all.contains("unchanged gen"))
        #expect(workspace.read("runs.log") == "m\nl\n", "neither dependant ran")
        #expect(workspace.read("c.txt")?.trimmingCharacters(in: .whitespaces) == "2\n")

        // The lock now describes the new fingerprints: nothing is left to run.
        let (again, _) = try await executor.planAndRun(try graph(), lockPath: lockPath)
        #expect(again.toRun.isEmpty)
    }

    @Test func changedOutputRunsTheDependants() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("echo 2; echo 1\n", to: "gen.sh")
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("p.lock")
        _ = try await executor.planAndRun(try graph(), lockPath: lockPath)
        try workspace.write("echo 3; echo 1\n", to: "gen.sh")
        let (_, report) = try await executor.planAndRun(try graph(), lockPath: lockPath)
        #expect(report.executedNodes == ["gen", "last", "middle"])
        #expect(workspace.read("runs.log") == "m\nl\nm\nl\n")
    }

    /// middle's output is the same although gen's changed: last is kept, middle ran.
    @Test func cutOffAlsoHappensFurtherDown() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("echo 2; echo 1\n", to: "gen.sh")
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("p.lock")
        _ = try await executor.planAndRun(try graph(), lockPath: lockPath)
        try workspace.write("echo 1; echo 2\n", to: "gen.sh")
        let (_, report) = try await executor.planAndRun(try graph(), lockPath: lockPath)
        #expect(report.executedNodes == ["gen", "middle"])
        #expect(report.outcomes["last"] == .cached)
        #expect(workspace.read("runs.log") == "m\nl\nm\n")
    }
}
