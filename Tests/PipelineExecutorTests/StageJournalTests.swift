import ArtifactCache
import Foundation
import PipelineGraph
import Testing
@testable import PipelineExecutor

/// What a run finds of a run that died: the process group it left, and the outputs it was writing.
@Suite struct StageJournalTests {
    /// Starts `sh -c script` as the leader of a new process group.
    private func startGroup(_ script: String, in folder: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let texts: [String] = ["/bin/sh", "-c", "cd '\(folder)' && \(script)"]
        let arguments: [UnsafeMutablePointer<CChar>?] = texts.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let result = posix_spawn(&pid, "/bin/sh", nil, &attributes, arguments, environ)
        guard result == 0 else { throw CocoaError(.executableLoad) }
        return pid
    }

    @Test func leftoverGroupIsEndedAndItsPartialOutputRemovedBeforeTheNodeRuns() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let store = try workspace.store()
        // A stage of a run that died: still running, and it has half written out.txt.
        let leader = try startGroup("echo partial > out.txt; exec sleep 600", in: workspace.path)
        defer {
            kill(-leader, SIGKILL)
            var status: Int32 = 0
            waitpid(leader, &status, 0)
        }
        while ProcessStat(pid: String(leader))?.state == nil || workspace.read("out.txt") == nil { usleep(1000) }
        let start = try #require(ProcessStat(pid: String(leader))?.startTime)
        let record = """
            mass-running 1
            folder \(workspace.path)
            group \(leader) \(start) \(StageJournal.bootID)
            output \(workspace.file("out.txt"))

            """
        try FileManager.default.createDirectory(atPath: workspace.file(".mass/state/running"), withIntermediateDirectories: true)
        try record.write(toFile: workspace.file(".mass/state/running/dead-run"), atomically: true, encoding: .utf8)

        let graph = try OperationGraph([Node("s", CommandStage(command: "echo complete >> out.txt", outs: ["out.txt"]))])
        let (_, report) = try await workspace.executor(store).planAndRun(graph, lockPath: workspace.file("p.lock"))
        #expect(report.succeeded)
        #expect(workspace.read("out.txt") == "complete\n", "the partial output was not taken")
        #expect(ProcessStat(pid: String(leader)).map { $0.state == "Z" } ?? true, "the leftover group was ended")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.file(".mass/state/running")).isEmpty)
    }

    /// A record that is still locked belongs to a live run: left alone.
    @Test func recordOfALiveRunIsLeftAlone() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let journal = StageJournal(stateDirectory: workspace.file("state"))
        let entry = try #require(journal.begin(nodeID: "s", workingDirectory: workspace.path, outputs: [workspace.file("o")]))
        #expect(journal.sweep(workingDirectory: workspace.path).isEmpty)
        entry.end()
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.file("state/running")).isEmpty)
    }
}
