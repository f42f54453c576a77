import ArtifactCache
import Foundation

/// A pipeline's lock file as one side of a comparison: the work tree's (the
/// last run's), or the one a git revision holds.
public enum LockSource: Sendable, Equatable {
    case workTree
    case revision(String)

    /// The lock file of the pipeline at `pipelinePath`, and how to name this side
    /// (`working tree`, or `main (3f2c4fc)`).
    public func read(pipelinePath: String) throws(ComparisonError) -> (lock: LockFile, name: String) {
        let lockPath = LockFile.path(forPipeline: pipelinePath)
        switch self {
        case .workTree:
            let lock: LockFile?
            do {
                lock = try LockFile.read(from: lockPath)
            } catch {
                throw ComparisonError("cannot read \(lockPath): \(error)")
            }
            guard let lock else {
                throw ComparisonError(
                    "\(lockPath) does not exist: the pipeline has not run here", hint: "run it first: mass run \(pipelinePath)")
            }
            return (lock, "working tree")
        case .revision(let revision):
            let folder = URL(fileURLWithPath: lockPath).deletingLastPathComponent().path
            let git = try GitRevision(holding: folder)
            let commit = try git.commit(revision)
            guard let text = try git.text(of: lockPath, at: revision) else {
                throw ComparisonError(
                    "\(revision) (\(commit)) has no lock file \(URL(fileURLWithPath: lockPath).lastPathComponent)",
                    hint: "commit the lock file with the pipeline after a run, or compare with a revision that has it")
            }
            do {
                return (try LockFile(text: text), revision == commit ? commit : "\(revision) (\(commit))")
            } catch {
                throw ComparisonError("the lock file at \(revision) cannot be read: \(error)")
            }
        }
    }
}
