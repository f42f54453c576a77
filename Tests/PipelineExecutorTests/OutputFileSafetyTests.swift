import ArtifactCache
import Foundation
import PipelineGraph
import Testing
@testable import PipelineExecutor

/// Before a stage runs, only the outputs that mass itself wrote for it are
/// removed; a file someone else put there stays, and a stage that leaves it
/// untouched fails. Folders are never outputs, and never deleted.
@Suite struct OutputFileSafetyTests {
    @Test func fileThatMassDidNotWriteIsKeptAndNotTakenAsTheOutput() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("my notes\n", to: "notes.txt")
        let graph = try OperationGraph([Node("lazy", CommandStage(command: "true", outs: ["notes.txt"]))])
        let (_, report) = try await workspace.executor(try workspace.store()).planAndRun(
            graph, lockPath: workspace.file("p.lock"))
        #expect(
            report.outcomes["lazy"]
                == .failed(message: "declared output notes.txt was not written: the file there is older than this run"))
        #expect(workspace.read("notes.txt") == "my notes\n")
    }

    @Test func outputThatMassWroteIsRemovedBeforeTheStageRunsAgain() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("1\n", to: "input.txt")
        let graph = try OperationGraph([
            Node("append", CommandStage(command: "cat input.txt >> out.txt", deps: ["input.txt"], outs: ["out.txt"]))
        ])
        let executor = workspace.executor(try workspace.store())
        _ = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock"))
        try workspace.write("2\n", to: "input.txt")
        let (_, report) = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock"))
        #expect(report.executedNodes == ["append"])
        #expect(workspace.read("out.txt") == "2\n", "the old output did not pass for part of the new one")
    }

    @Test func stageThatWritesAFolderFailsAndTheFolderStays() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let graph = try OperationGraph([
            Node("tree", CommandStage(command: "mkdir -p out && echo x > out/a.txt", outs: ["out"]))
        ])
        let (_, report) = try await workspace.executor(try workspace.store()).planAndRun(
            graph, lockPath: workspace.file("p.lock"))
        #expect(
            report.outcomes["tree"]
                == .failed(
                    message: "declared output out is a folder; outputs are files: declare the files the stage writes in it"))
        #expect(workspace.read("out/a.txt") == "x\n")
    }

    @Test func existingFolderAtAnOutputPathIsNotDeleted() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try FileManager.default.createDirectory(atPath: workspace.file("data"), withIntermediateDirectories: true)
        try workspace.write("precious\n", to: "data/keep.csv")
        let graph = try OperationGraph([Node("s", CommandStage(command: "echo ran > ran.txt", outs: ["data"]))])
        let (_, report) = try await workspace.executor(try workspace.store()).planAndRun(
            graph, lockPath: workspace.file("p.lock"))
        #expect(
            report.outcomes["s"]
                == .failed(
                    message: "declared output data is a folder; outputs are files: declare the files the stage writes in it"))
        #expect(workspace.read("data/keep.csv") == "precious\n")
        #expect(workspace.read("ran.txt") == nil, "refused before the command ran")
    }
}
