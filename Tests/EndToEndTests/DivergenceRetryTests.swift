import Foundation
import Testing

/// `on_divergence: retry`: a diverged epoch runs again from the last finite
/// state at half the learning rate, and the results say so; `fail` stops the fit.
@Suite struct DivergenceRetryTests {
    static func pipeline(_ policy: String) -> String {
        """
        mass: 1
        seed: 3
        data:
          ratings: {synthetic: {users: 150, items: 90, ratings: 4000}}
        split: {method: kfold, folds: 2}
        models:
          svd: {kind: mf, factors: 6, epochs: 8, lr: 2, \(policy)}
        evaluate: {metrics: [rmse]}

        """
    }

    @Test func aDivergedFitIsRetriedAtHalfTheRateAndTheResultsSaySo() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline("on_divergence: retry, divergence_retries: 20")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let model = ((document?["results"] as? [String: Any])?["models"] as? [[String: Any]])?.first
        let notes = try #require(model?["notes"] as? [String])
        #expect(notes.count == 2 && notes[0].hasPrefix("fold 1: diverged at epoch 1, retried with lr 1.0"), "\(notes)")
        let rmse = ((model?["metrics"] as? [String: Any])?["rmse"] as? [String: Any])?["mean"] as? Double
        #expect((rmse ?? .infinity) < 1.5, "the retried fit learned")
        let table = try MassProcess.run(["show", "p.yaml"], in: folder)
        #expect(table.stdout.contains("svd @ fold 2: diverged at epoch 1, retried with lr 1.0"))
    }

    @Test func failStopsTheFitWithWhatDiverged() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline("on_divergence: fail")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("training diverged in epoch 1"), "\(outcome.stderr)")
    }
}
