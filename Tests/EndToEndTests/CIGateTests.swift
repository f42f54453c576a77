import Foundation
import Testing

/// The steps of `docs/ci.md` on a temporary repository: the main branch
/// records its results in the lock file; on a branch, a change that keeps the
/// model passes the regression gate and a change that worsens it fails it,
/// and `mass diff --md` says what moved.
@Suite struct CIGateTests {
    static func pipeline(factors: Int, comment: String = "") -> String {
        """
        mass: 1
        name: model\(comment)
        seed: 11
        data:
          ratings: {synthetic: {users: 200, items: 120, ratings: 6000, factors: 6}}
        split: {method: kfold, folds: 4}
        models:
          svd: {kind: mf, factors: \(factors), epochs: 15, lr: 0.01}
        evaluate:
          metrics: [rmse, mae]
          gates:
            rmse: {max_regression: 0.002, baseline: main}
            mae: {max_regression: 1%, baseline: main, significance: 0.05}

        """
    }

    private func git(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.com"] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
    }

    @Test func theGateFailsOnTheCommitThatWorsensTheModelOnly() throws {
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try git(["init", "-q", "-b", "main"], in: folder)
        try ".mass/\n".write(to: folder.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)

        // main: the pipeline's first commit has no lock file yet; the gate says so and passes.
        try Self.pipeline(factors: 8).write(to: folder.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        try git(["add", ".gitignore", "model.yaml"], in: folder)
        try git(["commit", "-q", "-m", "pipeline"], in: folder)
        let first = try MassProcess.run(["run", "model.yaml"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("[skipped: main ("), "\(first.stdout)")
        try git(["add", "model.lock"], in: folder)
        try git(["commit", "-q", "-m", "results"], in: folder)
        try git(["checkout", "-q", "-b", "change"], in: folder)

        // A change that keeps the model (its name): the gate holds.
        try Self.pipeline(factors: 8, comment: "-renamed").write(
            to: folder.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        let kept = try MassProcess.run(["run", "model.yaml"], in: folder)
        #expect(kept.status == 0, "\(kept.stdout)\n\(kept.stderr)")
        #expect(kept.stdout.contains("gate rmse of svd against main ("), "\(kept.stdout)")
        try git(["commit", "-q", "-am", "rename"], in: folder)

        // A change that worsens it: one factor. The gate fails and the run exits 1.
        try Self.pipeline(factors: 1, comment: "-renamed").write(
            to: folder.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        let worse = try MassProcess.run(["run", "model.yaml"], in: folder)
        #expect(worse.status == 1, "\(worse.stdout)\n\(worse.stderr)")
        #expect(worse.stdout.contains("gate rmse of svd against main (") && worse.stdout.contains("— FAILED"))
        #expect(worse.stdout.contains("p = "), "the gate with significance reports its p-value")

        // What a reviewer sees: the diff against main as Markdown.
        let diff = try MassProcess.run(["diff", "model.yaml", "main", "--md"], in: folder)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("| svd | rmse |") && diff.stdout.contains("❌ worse"))
        #expect(diff.stdout.contains("models.svd.factors: 8 → 1"))
        let json = try MassProcess.run(["diff", "model.yaml", "main", "--json"], in: folder)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["base"] as? String == "main (" + (document?["base"] as? String ?? "").dropFirst(6))

        // Two revisions: main against the branch's last commit (the harmless change).
        let revisions = try MassProcess.run(["diff", "model.yaml", "main", "change"], in: folder)
        #expect(revisions.status == 0 && revisions.stdout.contains("same") && !revisions.stdout.contains("worse"))
    }

    @Test func aRevisionWithoutTheLockFileOrAnUnknownOneIsAClearError() throws {
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try git(["init", "-q", "-b", "main"], in: folder)
        try Self.pipeline(factors: 4).write(to: folder.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        try git(["add", "model.yaml"], in: folder)
        try git(["commit", "-q", "-m", "no lock yet"], in: folder)
        _ = try MassProcess.run(["run", "model.yaml"], in: folder)
        let noLock = try MassProcess.run(["diff", "model.yaml"], in: folder)
        #expect(noLock.status == 1)
        #expect(
            noLock.stderr.contains("error: HEAD (") && noLock.stderr.contains("has no lock file model.lock"), "\(noLock.stderr)")
        let unknown = try MassProcess.run(["diff", "model.yaml", "nosuch"], in: folder)
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown revision 'nosuch'"), "\(unknown.stderr)")
        // A gate whose baseline names an unknown revision stops before anything runs.
        try Self.pipeline(factors: 4).replacingOccurrences(of: "baseline: main}", with: "baseline: mian}").write(
            to: folder.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        let gate = try MassProcess.run(["run", "model.yaml"], in: folder)
        #expect(gate.status == 1 && gate.stderr.contains("model.yaml:12:"), "\(gate.stderr)")
        #expect(gate.stderr.contains("unknown revision 'mian'"))
    }
}
