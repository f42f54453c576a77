import Foundation
import MLCore
import Testing
@testable import MLModels

@Suite struct ExternalCommandTests {
    let train = ratingSet([(0, 0, 4), (0, 1, 2), (1, 0, 5)], users: 3, items: 3)

    func predictions(_ template: String) throws -> Predictions {
        let fitted = try ExternalCommand(template: template).fit(train: train, scale: 1...5, seed: 17)
        return try fitted.predict(users: [0, 1, 2], items: [1, 1, 0])
    }

    func failure(_ template: String) -> ModelError? {
        do {
            _ = try predictions(template)
            return nil
        } catch {
            return error as? ModelError
        }
    }

    @Test func awkItemMeanModel() throws {
        // Item means from the training file (header skipped), the global mean for unseen items.
        let script = #"""
            awk -F'\t' 'NR == FNR { if (FNR > 1) { s[$2] += $3; n[$2]++; t += $3; c++ } next }
                        FNR > 1 { if ($2 in n) print s[$2] / n[$2]; else print t / c }' {train} {predict} > {out}
            """#
        let result = try predictions(script)
        #expect(result.values == [2, 2, 4.5])
        #expect(result.fallbackCount == 0)
    }

    @Test func valuesAreClippedAndSeedIsSubstituted() throws {
        let result = try predictions("for i in 1 2 3; do echo {seed}; done > {out}")
        #expect(result.values == [5, 5, 5])
    }

    @Test func pathsWithQuotesAreShellQuoted() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("it's a \"folder\" $HOME").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fitted = try ExternalCommand(.init(template: "tail -n +2 {predict} | cut -f1 > {out}", workRoot: root))
            .fit(train: train, scale: 0...5, seed: 1)
        #expect(try fitted.predict(users: [0, 1, 2], items: [1, 1, 0]).values == [0, 1, 2])
    }

    @Test func nonZeroExitReportsStatusAndStderr() throws {
        let error = try #require(failure("echo first >&2; echo 'model exploded' >&2; exit 3"))
        #expect(error.code == .commandFailed)
        #expect(error.message.contains("exited with status 3"))
        #expect(error.message.contains("first\nmodel exploded"))
    }

    @Test func missingPredictionFile() throws {
        let error = try #require(failure("true"))
        #expect(error.code == .predictionsMissing)
    }

    @Test func shortPredictionFile() throws {
        let error = try #require(failure("printf '1\\n2\\n' > {out}"))
        #expect(error.code == .predictionsShort)
        #expect(error.message.contains("has 2 lines for 3 rows"))
    }

    @Test func malformedLineIsNamed() throws {
        let error = try #require(failure("printf '1\\noops\\n3\\n' > {out}"))
        #expect(error.code == .predictionsMalformed)
        #expect(error.message.contains("line 2 of the prediction file"))
        #expect(error.message.contains("\"oops\""))
        let nan = try #require(failure("printf '1\\n2\\nnan\\n' > {out}"))
        #expect(nan.code == .predictionsMalformed)
    }

    @Test func emptyTemplateIsRejected() {
        #expect(throws: ModelError.self) { _ = try ExternalCommand(template: "  ").fit(train: train, scale: 1...5, seed: 1) }
    }
}

/// The program trains on every run, so a fold's test and validation rows share one run.
extension ExternalCommandTests {
    /// A model that appends a line to a counter file per run and predicts each pair's user index.
    func countingModel() throws -> (fitted: ExternalCommand.Fitted, runs: () -> Int, cleanUp: () -> Void) {
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("mass-runs-\(UUID().uuidString).txt").path
        let template = "echo run >> \(shellQuoted(counter)); tail -n +2 {predict} | cut -f1 > {out}"
        let fitted = try ExternalCommand(template: template).fit(train: train, scale: 0...5, seed: 1)
        let runs = {
            (FileManager.default.contents(atPath: counter).map { String(decoding: $0, as: UTF8.self) } ?? "")
                .split(separator: "\n").count
        }
        return (fitted, runs, { try? FileManager.default.removeItem(atPath: counter) })
    }

    @Test func testAndValidationShareOneRun() throws {
        let (fitted, runs, cleanUp) = try countingModel()
        defer { cleanUp() }
        let test = PredictionPairs(users: [2, 0, 1], items: [0, 1, 1]),
            validation = PredictionPairs(users: [1, 2], items: [0, 2])
        let results = try fitted.predict(parts: [test, validation])
        #expect(runs() == 1)
        #expect(results.map(\.values) == [[2, 0, 1], [1, 2]])
        #expect(results.map(\.count) == [3, 2])
        // Each part as its own call would give it, at one run per call.
        #expect(try fitted.predict(users: test.users, items: test.items) == results[0])
        #expect(runs() == 2)
    }

    @Test func emptyPartsNeedNoRun() throws {
        let (fitted, runs, cleanUp) = try countingModel()
        defer { cleanUp() }
        let empty = PredictionPairs(users: [], items: [])
        #expect(try fitted.predict(parts: [empty, empty]).map(\.count) == [0, 0])
        #expect(try fitted.predict(users: [], items: []).count == 0)
        #expect(runs() == 0)
        let results = try fitted.predict(parts: [PredictionPairs(users: [1], items: [0]), empty])
        #expect(results.map(\.values) == [[1], []])
        #expect(runs() == 1)
    }

    /// Models that predict in memory answer each part as a separate call would.
    @Test func inMemoryModelsPredictEachPart() throws {
        let fitted = try Baseline().fit(train: train, scale: 1...5, seed: 1)
        let parts = [
            PredictionPairs(users: [0, 2], items: [1, 0]), PredictionPairs(users: [], items: []), PredictionPairs(train),
        ]
        let results = try fitted.predict(parts: parts)
        #expect(results == parts.map { fitted.predict(users: $0.users, items: $0.items) })
    }
}
