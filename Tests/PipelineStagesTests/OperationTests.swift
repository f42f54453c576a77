import Foundation
import PipelineGraph
import PipelineKinds
import PipelineSpec
@testable import PipelineStages
import Testing

/// The stages' operations run in process on a small spec, step by step.
@Suite struct OperationTests {
    static func spec(_ body: String) throws -> PipelineSpec {
        let loaded = PipelineLoader.standard.load(text: "mass: 1\nseed: 7\n" + body, file: "p.yaml")
        return try #require(loaded.spec, "\(loaded.diagnostics)")
    }

    static func context(pipelineSeed: UInt64 = 7) -> OperationContext {
        OperationContext(
            nodeID: "test", seed: 11, pipelineSeed: pipelineSeed, workingDirectory: NSTemporaryDirectory(),
            logDirectory: NSTemporaryDirectory())
    }

    static let small = """
        data:
          ratings: {synthetic: {users: 40, items: 30, ratings: 600}}
        split: {method: kfold, folds: 2, validation: 0.2}
        models:
          a: {kind: baseline}
          b: {kind: mf, factors: 3, epochs: 5}

        """

    @Test func syntheticDataFollowsThePipelineSeedFromTheContextUnlessItHasItsOwn() async throws {
        let spec = try Self.spec(Self.small)
        let factory = StageFactory(spec: spec, pipelineFile: "p.yaml")
        let load = try factory.operation(for: .load(spec.data[0]))
        #expect(load.usesPipelineSeed && !load.usesSeed)
        let seven = try await load.run(inputs: [], context: Self.context(pipelineSeed: 7))
        let again = try await load.run(inputs: [], context: Self.context(pipelineSeed: 7))
        let eight = try await load.run(inputs: [], context: Self.context(pipelineSeed: 8))
        #expect(seven == again)
        #expect(seven != eight)

        let own = try Self.spec(Self.small.replacingOccurrences(of: "ratings: 600}", with: "ratings: 600, seed: 3}"))
        let ownLoad = try StageFactory(spec: own, pipelineFile: "p.yaml").operation(for: .load(own.data[0]))
        #expect(!ownLoad.usesPipelineSeed)
        let first = try await ownLoad.run(inputs: [], context: Self.context(pipelineSeed: 7))
        let second = try await ownLoad.run(inputs: [], context: Self.context(pipelineSeed: 8))
        #expect(first == second, "a source's own seed wins")
    }

    @Test func withoutASplitSectionTheDefaultSplitRuns() throws {
        let spec = try Self.spec(
            "data:\n  ratings: {synthetic: {users: 20, items: 10, ratings: 100}}\nmodels:\n  a: {kind: baseline}\n")
        let split = try StageFactory(spec: spec, pipelineFile: "p.yaml").operation(for: .split(nil, folds: 1))
        #expect(split.configuration == ["split": ["method": "holdout", "test": 0.2, "validation": 0.0, "stratify": "none"]])
    }

    @Test func aCommandModelsDepsAreItsFileDependencies() throws {
        let spec = try Self.spec(
            """
            data:
              ratings: {synthetic: {users: 20, items: 10, ratings: 100}}
            models:
              ext: {kind: command, run: "sh model.sh {train} {predict} {out}", deps: [model.sh, weights.bin]}
              mf: {kind: mf}

            """)
        let factory = StageFactory(spec: spec, pipelineFile: "p.yaml")
        #expect(try factory.operation(for: .fit(spec.models[0], fold: 1)).fileDependencies == ["model.sh", "weights.bin"])
        #expect(try factory.operation(for: .fit(spec.models[1], fold: 1)).fileDependencies.isEmpty)
    }

    /// load → split → fit each model → combine, as the graph would run them.
    private func combined(_ combine: String, models: [String]? = nil) async throws -> (
        members: [PredictionsArtifact], combined: PredictionsArtifact
    ) {
        let spec = try Self.spec(Self.small + combine)
        let factory = StageFactory(spec: spec, pipelineFile: "p.yaml")
        let context = Self.context()
        let data = try await factory.operation(for: .load(spec.data[0])).run(inputs: [], context: context)
        let folds = try await factory.operation(for: .split(spec.split, folds: 2)).run(inputs: [data], context: context)
        let names = models ?? spec.models.map(\.name.value)
        var members: [Artifact] = []
        for name in names {
            let model = try #require(spec.model(named: name))
            members.append(try await factory.operation(for: .fit(model, fold: 1)).run(inputs: [data, folds], context: context))
        }
        let combineSpec = try #require(spec.combine)
        let result = try await factory.operation(for: .combine(combineSpec, layout: .predictions(members: names), fold: 1))
            .run(inputs: [data, folds] + members, context: context)
        return (try members.map(PredictionsArtifact.init), try PredictionsArtifact(result))
    }

    @Test(arguments: ["average", "weighted"])
    func aOneMemberEnsembleEqualsItsMember(method: String) async throws {
        let (members, combined) = try await combined("combine: {method: \(method), members: [b]}\n", models: ["b"])
        #expect(combined.test.map(\.bitPattern) == members[0].test.map(\.bitPattern))
    }

    @Test func stackingLearnsOnValidationAndPredictsEveryTestRow() async throws {
        let (members, combined) = try await combined("combine: {method: stacking, meta: {kind: linear}}\n")
        #expect(combined.test.count == members[0].test.count)
        #expect(combined.test.allSatisfy { (1...5).contains($0) })
        #expect(combined.test != members[0].test && combined.test != members[1].test)
    }
}
