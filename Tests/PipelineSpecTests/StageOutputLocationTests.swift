import Foundation
import PipelineBasics
import PipelineSpec
import Testing

/// Stage outputs are deleted and rewritten by runs: validation refuses any
/// that is outside the project, is the project folder, holds the pipeline
/// file, or is a folder, after resolving `..` and symbolic links.
@Suite struct StageOutputLocationTests {
    /// `outer/inner/p.yaml` (no git), or `outer/repo/.git` with `outer/repo/pipelines/p.yaml`.
    struct Project {
        let outer: String
        let folder: String

        init(git: Bool = false) throws {
            outer = NSTemporaryDirectory() + "mass-outs-" + UUID().uuidString
            folder = git ? outer + "/repo/pipelines" : outer + "/inner"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if git { try FileManager.default.createDirectory(atPath: outer + "/repo/.git", withIntermediateDirectories: true) }
            try FileManager.default.createDirectory(atPath: outer + "/victimdir", withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: URL(fileURLWithPath: outer + "/victimdir/file.txt"))
        }

        func remove() { try? FileManager.default.removeItem(atPath: outer) }

        /// Loads a pipeline whose one stage declares `outs`, written as YAML flow items.
        func diagnostics(outs: String) -> [Diagnostic] {
            let path = folder + "/p.yaml"
            let text = "mass: 1\nstages:\n  s: {run: \"true\", outs: [\(outs)]}\n"
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return PipelineLoader(environment: [:]).load(file: path).diagnostics
        }
    }

    @Test(arguments: [
        ("\"/tmp/elsewhere.csv\"", "output '/tmp/elsewhere.csv' of stage 's' is outside the project"),
        ("../victimdir", "output '../victimdir' of stage 's' is outside the project"),
        ("../victimdir/file.txt", "output '../victimdir/file.txt' of stage 's' is outside the project"),
        ("sub/../../x.csv", "output 'sub/../../x.csv' of stage 's' is outside the project"),
        ("../inner", "output '../inner' of stage 's' is the project folder"),
        (".", "output '.' of stage 's' is the project folder"),
        ("p.yaml", "output 'p.yaml' of stage 's' is the pipeline file"),
        ("./p.lock", "output './p.lock' of stage 's' is the pipeline's lock file"),
        (".mass/objects/x", "output '.mass/objects/x' of stage 's' is inside the cache folder"),
        ("out/", "output 'out/' of stage 's' is a folder"),
    ])
    func refusedOutput(outs: String, message: String) throws {
        let project = try Project()
        defer { project.remove() }
        let diagnostics = project.diagnostics(outs: outs)
        let error = try #require(diagnostics.first { $0.severity == .error }, "no error for \(outs)")
        #expect(error.message == message)
        #expect(error.position.line == 3, "located at the output")
        #expect(error.position.column > 20)
    }

    @Test func symbolicLinkLeadingOutIsResolved() throws {
        let project = try Project()
        defer { project.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: project.folder + "/link", withDestinationPath: project.outer + "/victimdir")
        let error = try #require(project.diagnostics(outs: "link/file.txt").first)
        #expect(error.message == "output 'link/file.txt' of stage 's' is outside the project")
        #expect(error.notes.contains { $0.contains("victimdir/file.txt") }, "\(error.notes)")
    }

    @Test func existingFolderIsRefused() throws {
        let project = try Project()
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.folder + "/data", withIntermediateDirectories: true)
        let error = try #require(project.diagnostics(outs: "data").first)
        #expect(error.message == "output 'data' of stage 's' is a folder")
        #expect(error.hints.contains("declare the files the stage writes in it, e.g. data/part.csv"))
    }

    @Test func outputsInsideTheProjectAreFine() throws {
        let project = try Project()
        defer { project.remove() }
        #expect(project.diagnostics(outs: "out/a.csv, ./b.csv, new/../c.csv").isEmpty)
    }

    /// In a git work tree the project is the work tree: a sibling folder of the pipeline's is inside it.
    @Test func gitWorkTreeIsTheProject() throws {
        let project = try Project(git: true)
        defer { project.remove() }
        #expect(project.diagnostics(outs: "../data/x.csv").isEmpty)
        let error = try #require(project.diagnostics(outs: "../../victimdir/x.csv").first)
        #expect(error.message == "output '../../victimdir/x.csv' of stage 's' is outside the project")
        let parent = try #require(project.diagnostics(outs: "..").first)
        #expect(parent.message == "output '..' of stage 's' is the project folder")
        let git = try #require(project.diagnostics(outs: "../.git/config").first)
        #expect(git.message == "output '../.git/config' of stage 's' is inside the git folder")
    }

    /// A folder with many outputs is listed once rather than looked at name by
    /// name: a folder and a link leading out among them are still refused.
    @Test func manyOutputsInOneFolderAreCheckedAlike() throws {
        let project = try Project()
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.folder + "/out/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: project.folder + "/out/away", withDestinationPath: project.outer + "/victimdir")
        _ = FileManager.default.createFile(atPath: project.folder + "/out/kept.csv", contents: Data("x".utf8))
        let names = (0..<40).map { "out/f\($0).csv" } + ["out/kept.csv", "out/sub", "out/away/file.txt", "out/away"]
        let messages = project.diagnostics(outs: names.joined(separator: ", ")).filter { $0.severity == .error }.map(\.message)
        #expect(
            messages == [
                "output 'out/sub' of stage 's' is a folder",
                "output 'out/away/file.txt' of stage 's' is outside the project",
                "output 'out/away' of stage 's' is outside the project",
            ])
    }
}
