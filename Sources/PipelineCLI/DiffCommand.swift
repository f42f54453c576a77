import ArgumentParser
import Foundation
import RunComparison

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the results and configuration of the last run with those a git revision records.",
        discussion: """
            With one revision (default HEAD), the working tree's lock file (the last run) is compared with the \
            lock file that revision holds; with two, the two revisions are compared. Metrics are marked better \
            or worse by their direction; the configuration keys and nodes that changed follow. Revisions are \
            read with git, never checked out.
            """
    )

    @Argument(help: "The pipeline file.") var file: String
    @Argument(help: "The baseline revision (default HEAD), and optionally the revision to compare with it.")
    var revisions: [String] = []
    @Flag(help: "Print a Markdown table for a pull-request comment.") var md = false
    @Flag(help: "Print JSON for programs.") var json = false

    func validate() throws {
        guard revisions.count <= 2 else { throw ValidationError("give at most two revisions") }
        guard !(md && json) else { throw ValidationError("choose one of --md and --json") }
    }

    func run() throws {
        let base: LockSource = .revision(revisions.first ?? "HEAD")
        let head: LockSource = revisions.count == 2 ? .revision(revisions[1]) : .workTree
        let pipeline = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        do {
            let (baseLock, baseName) = try base.read(pipelinePath: file)
            let (headLock, headName) = try head.read(pipelinePath: file)
            let comparison = LockComparison(base: baseLock, head: headLock)
            if json {
                Console.out(comparison.json(pipeline: pipeline, base: baseName, head: headName))
            } else if md {
                Console.out(comparison.markdown(pipeline: pipeline, base: baseName, head: headName))
            } else {
                Console.out(comparison.text(base: baseName, head: headName))
            }
        } catch {
            Console.error("\(file): error: \(error.description)" + (error.hint.map { "\nhint: \($0)" } ?? ""))
            throw MassExit.failure
        }
    }
}
