import ArtifactCache
import Foundation

/// What a regression gate compares with: the metrics a git revision's lock
/// file records, or why there are none.
public struct Baseline: Sendable, Equatable, Codable {
    /// The revision as the pipeline names it (`main`).
    public var revision: String
    /// The commit it named when read; `nil` when it holds no lock file.
    public var commit: String?
    /// `model.metric` → the mean over folds.
    public var metrics: [String: Double]
    /// `model.metric` → each fold's value, in order.
    public var folds: [String: [Double]]
    /// Why there are no metrics (the revision has no lock file for the pipeline).
    public var missing: String?

    public init(
        revision: String, commit: String?, metrics: [String: Double], folds: [String: [Double]], missing: String? = nil
    ) {
        self.revision = revision
        self.commit = commit
        self.metrics = metrics
        self.folds = folds
        self.missing = missing
    }

    /// The baseline of the pipeline at `pipelinePath` at `revision`. A revision without the
    /// lock file gives a baseline that says so; no repository or an unknown revision throws.
    public static func read(revision: String, pipelinePath: String) throws(ComparisonError) -> Baseline {
        let lockPath = LockFile.path(forPipeline: pipelinePath)
        let git = try GitRevision(holding: URL(fileURLWithPath: lockPath).deletingLastPathComponent().path)
        let commit = try git.commit(revision)
        guard let text = try git.text(of: lockPath, at: revision) else {
            let name = URL(fileURLWithPath: lockPath).lastPathComponent
            return Baseline(
                revision: revision, commit: nil, metrics: [:], folds: [:], missing: "\(revision) (\(commit)) has no \(name)")
        }
        let lock: LockFile
        do {
            lock = try LockFile(text: text)
        } catch {
            throw ComparisonError("the lock file at \(revision) cannot be read: \(error)")
        }
        return Baseline(
            revision: revision, commit: commit, metrics: LockComparison.finalMetrics(lock),
            folds: LockComparison.foldMetrics(lock))
    }

    /// `main (3f2c4fc)`, or the revision alone when it was not read.
    public var label: String { commit.map { "\(revision) (\($0))" } ?? revision }
}
