import Foundation
import Testing

/// `--memory`: a node that cannot fit is refused before it starts, with what
/// it needs and what to lower; nodes that fit one at a time do not run at once.
@Suite struct MemoryBudgetTests {
    @Test func aFitThatCannotFitIsRefusedBeforeItStarts() throws {
        let pipeline = """
            mass: 1
            seed: 1
            data:
              ratings: {synthetic: {users: 300, items: 400, ratings: 6000}}
            split: {method: holdout}
            models:
              knn: {kind: knn, neighbours: items}
            evaluate: {metrics: [rmse]}

            """
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = try MassProcess.run(["run", "p.yaml", "--memory", "3MiB"], in: folder)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "needs about 4.0 MiB (model 'knn' (knn): 2.0 MiB kept, 2.1 MiB while fitting, for 4800 ratings")
                && refused.stderr.contains("the run may use 3.0 MiB") && refused.stderr.contains("allow more with --memory"),
            "\(refused.stderr)")
        let allowed = try MassProcess.run(["run", "p.yaml", "--memory", "64MiB"], in: folder)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let bad = try MassProcess.run(["run", "p.yaml", "--memory", "lots"], in: folder)
        #expect(bad.status == 64 && bad.stderr.contains("--memory must be a size such as 8GiB"))
    }

    /// Two stages that each say they need 600 MiB: each looks for the other while it runs.
    static let stages = """
        mass: 1
        stages:
          a:
            run: 'touch running-a; for i in 1 2 3 4 5 6 7 8 9 10; do [ -e running-b ] && touch overlap; sleep 0.05; done; rm running-a; echo a > a.out'
            outs: [a.out]
            memory: 600MiB
          b:
            run: 'touch running-b; for i in 1 2 3 4 5 6 7 8 9 10; do [ -e running-a ] && touch overlap; sleep 0.05; done; rm running-b; echo b > b.out'
            outs: [b.out]
            memory: 600MiB

        """

    @Test func stagesThatFitOnlyOneAtATimeNeverRunTogether() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.stages])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--jobs", "2", "--memory", "1GiB"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("overlap").path))
        // Control: with room for both they do run at once, so the check above can fail.
        let control = try RunFixtures.folder(["p.yaml": Self.stages])
        defer { try? FileManager.default.removeItem(at: control) }
        let together = try MassProcess.run(["run", "p.yaml", "--jobs", "2", "--memory", "2GiB"], in: control)
        #expect(together.status == 0)
        #expect(FileManager.default.fileExists(atPath: control.appendingPathComponent("overlap").path))
    }

    @Test func aStageThatDeclaresMoreThanTheBudgetIsRefused() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.stages])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--memory", "512MiB"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("needs about 600 MiB (declared by its 'memory')"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("running-a").path), "it never started")
    }
}
