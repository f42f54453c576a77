import Foundation
import Testing

@Suite struct RunCommandTests {
    @Test func runThenNoOpThenOneParameterChange() throws {
        let folder = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer { try? FileManager.default.removeItem(at: folder) }

        let first = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("combined  stacking"))
        #expect(first.stdout.contains("gate rmse of combined ≤ 2.0000"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/results.json").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.lock").path))

        let again = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(again.status == 0)
        let cachedOutcomes = try RunFixtures.outcomes(again.stdout)
        #expect(!cachedOutcomes.isEmpty)
        #expect(cachedOutcomes.values.allSatisfy { $0 == "cached" }, "a no-op re-run runs nothing")

        let changed = try MassProcess.run(["run", "p.yaml", "--json", "-p", "factors=6"], in: folder)
        #expect(changed.status == 0)
        let outcomes = try RunFixtures.outcomes(changed.stdout)
        let ran = Set(outcomes.filter { $0.value == "ran" }.keys)
        var expected: Set<String> = ["summarize", "report"]
        for fold in 1...3 {
            expected.formUnion([
                "fit svd @ fold \(fold)", "evaluate svd @ fold \(fold)", "combine @ fold \(fold)",
                "evaluate combined @ fold \(fold)",
            ])
        }
        #expect(ran == expected)
        #expect(outcomes["fit bias @ fold 1"] == "cached")
        #expect(outcomes["split"] == "cached")
    }

    @Test func planSaysWhyNodesRun() throws {
        let folder = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try MassProcess.run(["run", "p.yaml"], in: folder)
        let plan = try MassProcess.run(["plan", "p.yaml", "-p", "factors=6"], in: folder)
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("run     fit svd @ fold 1  (models.svd.factors changed 4 → 6)"))
        #expect(plan.stdout.contains("cached  fit bias @ fold 1"))
    }

    @Test func resultsDoNotDependOnJobs() throws {
        let one = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        let four = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer {
            try? FileManager.default.removeItem(at: one)
            try? FileManager.default.removeItem(at: four)
        }
        #expect(try MassProcess.run(["run", "p.yaml", "--jobs", "1"], in: one).status == 0)
        #expect(try MassProcess.run(["run", "p.yaml", "--jobs", "4"], in: four).status == 0)
        let a = try Data(contentsOf: one.appendingPathComponent("out/results.json"))
        let b = try Data(contentsOf: four.appendingPathComponent("out/results.json"))
        #expect(a == b)
        let lockA = try String(contentsOf: one.appendingPathComponent("p.lock"), encoding: .utf8)
        let lockB = try String(contentsOf: four.appendingPathComponent("p.lock"), encoding: .utf8)
        #expect(
            lockA.components(separatedBy: "\n").filter { $0.contains("fingerprint") }
                == lockB.components(separatedBy: "\n").filter { $0.contains("fingerprint") })
    }

    @Test func zeroJobsIsAUsageError() throws {
        let folder = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in ["run", "plan"] {
            let outcome = try MassProcess.run([command, "p.yaml", "--jobs", "0"], in: folder)
            #expect(outcome.status == 64)
            #expect(
                outcome.stderr.contains("Error: --jobs must be at least 1, found 0\nUsage: mass \(command) ")
                    && outcome.stderr.contains("<file>"),
                "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".mass").path), "nothing opened")
        }
    }

    @Test func brokenGateExitsOne() throws {
        let pipeline = RunFixtures.ensemble.replacingOccurrences(of: "{rmse: {max: 2.0}}", with: "{rmse: {max: 0.1}}")
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("gate rmse of combined ≤ 0.1000"))
        #expect(outcome.stdout.contains("FAILED"))
    }

    @Test func showPrintsTheLastResultsWithoutRunning() throws {
        let folder = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try MassProcess.run(["show", "p.yaml"], in: folder)
        #expect(before.status == 1)
        #expect(before.stderr.contains("no results yet"))
        _ = try MassProcess.run(["run", "p.yaml"], in: folder)
        let shown = try MassProcess.run(["show", "p.yaml", "--json"], in: folder)
        #expect(shown.status == 0)
        let written = try String(contentsOf: folder.appendingPathComponent("out/results.json"), encoding: .utf8)
        #expect(shown.stdout == written)
    }
}

@Suite struct CommandModelRunTests {
    private func pipeline(_ run: String) -> String {
        """
        mass: 1
        data:
          ratings:
            synthetic: {users: 30, items: 20, ratings: 300}
        split: {method: holdout, test: 0.2}
        models:
          constant: {kind: command, run: "\(run)", deps: [predict.awk]}
        evaluate: {metrics: [rmse]}

        """
    }

    @Test func externalProgramIsASubModel() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline("awk -f predict.awk {predict} > {out}"),
            "predict.awk": "NR > 1 { print 3.5 }\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        // Run from elsewhere: the command still runs in the pipeline's folder.
        let outcome = try MassProcess.run(
            ["run", folder.appendingPathComponent("p.yaml").path], in: folder.deletingLastPathComponent())
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("constant  command"))
        // Its script is a dependency: editing it runs the model again.
        try "NR > 1 { print 3 }\n".write(to: folder.appendingPathComponent("predict.awk"), atomically: true, encoding: .utf8)
        let plan = try MassProcess.run(["plan", "p.yaml"], in: folder)
        #expect(plan.stdout.contains("run     fit constant @ fold 1  (predict.awk changed)"))
    }

    /// One run of the program per fold, for the test and validation parts together.
    @Test(arguments: ["", ", validation: 0.2"])
    func theProgramRunsOncePerFold(validation: String) throws {
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline("echo run >> runs.txt; awk -f predict.awk {predict} > {out}")
                .replacingOccurrences(of: "{method: holdout, test: 0.2}", with: "{method: kfold, folds: 3\(validation)}"),
            "predict.awk": "NR > 1 { print 3.5 }\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let runs = try String(contentsOf: folder.appendingPathComponent("runs.txt"), encoding: .utf8)
        #expect(runs == "run\nrun\nrun\n", "three folds, three runs")
    }

    @Test func malformedPredictionsFailTheModelClearly() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline("awk -f predict.awk {predict} > {out}"),
            "predict.awk": "NR > 1 { print \\\"three\\\" }\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("model 'constant' (command) on fold 1"))
        #expect(outcome.stderr.contains("line 1"))
    }
}

@Suite struct LockFileStabilityTests {
    /// Every node runs again, taking its own time: the lock file keeps the
    /// same bytes, and the durations are in the run record under the cache.
    @Test func lockFileDoesNotChangeWhenNodesRunAgain() throws {
        let folder = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try MassProcess.run(["run", "p.yaml"], in: folder).status == 0)
        let lock = try Data(contentsOf: folder.appendingPathComponent("p.lock"))
        let again = try MassProcess.run(["run", "p.yaml", "--no-cache"], in: folder)
        #expect(again.status == 0)
        #expect(try Data(contentsOf: folder.appendingPathComponent("p.lock")) == lock)
        #expect(!String(decoding: lock, as: UTF8.self).contains("duration"))

        let runs = folder.appendingPathComponent(".mass/state/runs")
        let records = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        #expect(records.count == 1)
        let record = try String(contentsOf: runs.appendingPathComponent(try #require(records.first)), encoding: .utf8)
        #expect(record.hasPrefix("mass-run 1\n"))
        #expect(record.contains("node \"summarize\" ran "), "\(record)")
        #expect(record.contains("lock \(folder.appendingPathComponent("p.lock").path)\n"), "\(record)")
    }
}
