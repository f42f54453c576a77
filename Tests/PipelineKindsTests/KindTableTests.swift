import MLCore
import MLModels
@testable import PipelineKinds
import PipelineSpec
import Testing

@Suite struct KindTableTests {
    @Test func namesAreUniqueInEveryTable() {
        for names in [
            Kinds.models.descriptors, Kinds.combiners.descriptors, Kinds.metaModels.descriptors,
            Kinds.splits.descriptors, Kinds.samplers.descriptors,
        ].map({ $0.map(\.name) }) {
            #expect(Set(names).count == names.count, "\(names)")
        }
    }

    @Test func theRegistryIsTheTablesDescriptors() {
        #expect(Kinds.registry.models == Kinds.models.descriptors)
        #expect(Kinds.registry.combiners == Kinds.combiners.descriptors)
        #expect(Kinds.registry.splits == Kinds.splits.descriptors)
        #expect(Kinds.registry.searches.map(\.name) == ["grid", "random", "anneal", "bayes"])
    }

    @Test func everyDefaultHasItsDeclaredType() throws {
        for kind in Kinds.registry.models + Kinds.registry.combiners + Kinds.registry.metaModels + Kinds.registry.splits
            + Kinds.registry.samplers
        {
            for parameter in kind.parameters {
                guard let value = parameter.defaultValue else { continue }
                let fits =
                    switch (parameter.type, value) {
                    case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string), (.path, .string),
                        (.stringList, .list), (.pathList, .list), (.numberPair, .list), (.choiceList, .list),
                        (.modelName, .string),
                        (.modelNames, .list), (.window, _), (.duration, .double), (.duration, .string):
                        true
                    case (.choice(let options), .string(let word)): options.contains(word)
                    case (.intList, .list(let items)):
                        items.allSatisfy { item in
                            guard case .int(let width) = item else { return false }
                            return parameter.bounds?.contains(Double(width)) ?? true
                        }
                    case (.choiceOrList(let options), .string(let word)): options.contains(word)
                    case (.choiceOrList(let options), .list(let words)):
                        words.allSatisfy { options.contains($0.stringValue ?? "") }
                    default: false
                    }
                #expect(fits, "\(kind.name).\(parameter.name) = \(value) is not \(parameter.type.name)")
                if let bounds = parameter.bounds, let number = value.number {
                    #expect(bounds.contains(number), "\(kind.name).\(parameter.name) default outside \(bounds.text)")
                }
            }
        }
    }
}

/// The defaults that `mass kinds`, the schema and the validator show are the ones the library runs with.
@Suite struct ModelDefaultsTests {
    private func built(_ name: String, _ written: [String: ParameterValue] = [:]) throws -> any RatingModel {
        let descriptor = try #require(Kinds.registry.model(name))
        let parameters = ParameterSet(descriptor: descriptor, written: written.mapValues { Located($0, at: .unknown) })
        return try Kinds.models.build(
            KindConfiguration(kind: Located(name, at: .unknown), parameters: parameters),
            ModelContext(workRoot: "/tmp", workingDirectory: "/tmp"))
    }

    @Test func unwrittenParametersAreTheLibraryDefaults() throws {
        #expect(try #require(try built("mf") as? MatrixFactorization).parameters == MatrixFactorization.Parameters())
        #expect(try #require(try built("svdpp") as? SVDPlusPlus).parameters == SVDPlusPlus.Parameters())
        #expect(try #require(try built("baseline") as? Baseline).parameters == Baseline.Parameters())
        #expect(try #require(try built("knn") as? NearestNeighbours).parameters == NearestNeighbours.Parameters())
        #expect(try #require(try built("popularity") as? Popularity).parameters == Popularity.Parameters())
        #expect(try #require(try built("autorec") as? AutoRec).parameters == AutoRec.Parameters())
        var als = try #require(try built("als") as? AlternatingLeastSquares).parameters
        als.threads = AlternatingLeastSquares.Parameters().threads
        #expect(als == AlternatingLeastSquares.Parameters())
        #expect(Kinds.registry.model("als")?.parameter(named: "factors")?.defaultValue == .int(50))
    }

    @Test func writtenValuesReachTheModel() throws {
        let mf = try #require(
            try built("mf", ["factors": .int(7), "lr": .int(1), "biased": .bool(false)]) as? MatrixFactorization)
        #expect(mf.parameters.factors == 7)
        #expect(mf.parameters.learningRate == 1, "a whole number is a valid double")
        #expect(mf.parameters.biased == false)
        let knn = try #require(
            try built(
                "knn",
                [
                    "neighbours": .string("users"), "similarity": .string("msd"),
                    "baseline": .bool(false), "keep": .int(100),
                ]) as? NearestNeighbours)
        #expect(knn.parameters.on == .users)
        #expect(knn.parameters.similarity == .msd)
        #expect(knn.parameters.estimator == .basic)
        #expect(knn.parameters.maxNeighbours == 100)
        let autorec = try #require(
            try built(
                "autorec",
                [
                    "hidden": .list([.int(64), .int(32)]), "activation": .list([.string("relu"), .string("tanh")]),
                    "optimizer": .string("rmsprop"), "loss": .string("huber"), "huber_delta": .double(0.5),
                    "lr_schedule": .string("exponential"), "lr_decay": .double(0.9), "early_stopping": .int(3),
                ]) as? AutoRec)
        #expect(autorec.parameters.hidden == [64, 32])
        #expect(autorec.parameters.activations == [.relu, .tanh])
        #expect(autorec.parameters.learning.optimizer.kind == .rmsprop)
        #expect(autorec.parameters.learning.loss == .huber(delta: 0.5))
        #expect(autorec.parameters.learning.schedule == .exponential(decay: 0.9))
        #expect(autorec.parameters.learning.earlyStopping == EarlyStopping(patience: 3))
        let watched = try #require(
            try built("mf", ["early_stopping": .list([.int(2), .string("mae")])]) as? MatrixFactorization)
        #expect(watched.parameters.learning.earlyStopping == EarlyStopping(patience: 2, metric: .mae))
        let adam = try #require(try built("mf", ["optimizer": .string("adam"), "batch": .int(16)]) as? MatrixFactorization)
        #expect(adam.parameters.learning.optimizer.kind == .adam && adam.parameters.learning.batch == 16)
        let baseline = try #require(try built("baseline", ["method": .string("sgd")]) as? Baseline)
        #expect(baseline.parameters.method == .sgd)
        #expect(baseline.parameters.epochs == nil, "each method keeps its own default epochs")
    }

    @Test(arguments: [
        ("3", EarlyStopping(patience: 3)), ("{patience: 4}", EarlyStopping(patience: 4)),
        ("{patience: 2, metric: mae}", EarlyStopping(patience: 2, metric: .mae)),
    ])
    func earlyStoppingIsAPatienceOrAPatienceAndItsMetric(written: String, expected: EarlyStopping) throws {
        let text = """
            mass: 1
            data: {ratings: {synthetic: {users: 20, items: 10, ratings: 100}}}
            split: {method: holdout, validation: 0.1}
            models:
              mf: {kind: mf, early_stopping: \(written)}

            """
        let loaded = PipelineLoader.standard.load(text: text, file: "p.yaml")
        let spec = try #require(loaded.spec, "\(loaded.diagnostics)")
        let model = try Kinds.models.build(
            spec.models[0].configuration, ModelContext(workRoot: "/tmp", workingDirectory: "/tmp"))
        #expect(try #require(model as? MatrixFactorization).parameters.learning.earlyStopping == expected)
    }

    @Test func aValueOfTheWrongTypeIsAnErrorNotAFallback() throws {
        #expect(throws: ParameterTypeError.self) { try built("mf", ["factors": .string("many")]) }
        #expect(throws: ParameterTypeError.self) { try built("knn", ["similarity": .string("jaccard")]) }
    }
}

@Suite struct MethodBuilderTests {
    private func configuration(_ descriptor: KindDescriptor?, _ written: [String: ParameterValue] = [:]) throws
        -> KindConfiguration
    {
        let descriptor = try #require(descriptor)
        return KindConfiguration(
            kind: Located(descriptor.name, at: .unknown),
            parameters: ParameterSet(descriptor: descriptor, written: written.mapValues { Located($0, at: .unknown) }))
    }

    @Test func splits() throws {
        let kfold = try Kinds.splits.build(
            try configuration(
                Kinds.registry.split("kfold"),
                [
                    "folds": .int(3), "stratify": .string("user"),
                    "validation": .double(0.1),
                ]))
        #expect(kfold == SplitPlan(method: .kfold(folds: 3), validationFraction: 0.1, stratifyByUser: true))
        let given = try Kinds.splits.build(try configuration(Kinds.registry.split("given")))
        #expect(given.method == .given(only: nil), "an empty 'use' means every group")
        #expect(Kinds.registry.split("temporal")?.parameter(named: "stratify") == nil, "only random splits stratify")
        #expect(Kinds.registry.split("leave-last")?.requirements.contains(.timeColumn) == true)
    }

    @Test func samplers() throws {
        #expect(
            try Kinds.samplers.build(try configuration(Kinds.registry.sampler("uniform"), ["size": .int(9)]))
                == .uniform(.count(9)))
        #expect(
            try Kinds.samplers.build(try configuration(Kinds.registry.sampler("uniform"), ["fraction": .double(0.5)]))
                == .uniform(.fraction(0.5)))
        #expect(
            try Kinds.samplers.build(
                try configuration(Kinds.registry.sampler("stratified"), ["fraction": .double(0.5), "by": .string("item")]))
                == .stratified(by: .item, fraction: 0.5))
        #expect(
            try Kinds.samplers.build(try configuration(Kinds.registry.sampler("recent"), ["window": .double(30)]))
                == .recent(.duration(30)))
        #expect(throws: KindTableError.self) { try Kinds.samplers.build(try configuration(Kinds.registry.sampler("reservoir"))) }
    }

    @Test func combinersAndMetaModels() throws {
        let context = CombineContext(members: ["a", "b"])
        #expect(
            try Kinds.combiners.build(try configuration(Kinds.registry.combiner("average")), context)
                == .average(members: ["a", "b"]))
        let weighted = try Kinds.combiners.build(
            try configuration(
                Kinds.registry.combiner("weighted"),
                [
                    "fit": .string("inverse-error"), "power": .double(2),
                    "window": .string("30d"),
                ]), context)
        #expect(
            weighted
                == .weighted(
                    WeightedPlan(
                        members: ["a", "b"], fixed: nil, fit: .inverseError(power: 2), window: .duration(30 * 86_400),
                        smoothing: 0)))
        let fixed = CombineContext(
            members: ["a", "b"],
            weights: [
                MemberWeight(name: Located("b", at: .unknown), weight: Located(1, at: .unknown)),
                MemberWeight(name: Located("a", at: .unknown), weight: Located(3, at: .unknown)),
            ])
        guard case .weighted(let plan) = try Kinds.combiners.build(try configuration(Kinds.registry.combiner("weighted")), fixed)
        else {
            Issue.record("weighted builds a weighted plan")
            return
        }
        #expect(plan.fixed == [3, 1], "written weights in member order")
        let linear = CombineContext(
            members: ["a"], meta: try configuration(Kinds.registry.metaModel("linear"), ["intercept": .bool(false)]))
        guard
            case .stacking(let stack) = try Kinds.combiners.build(
                try configuration(Kinds.registry.combiner("stacking"), ["cv": .int(4), "features": .list([.string("time")])]),
                linear)
        else {
            Issue.record("stacking builds a stacking plan")
            return
        }
        #expect(stack.learner == .ridge(alpha: 0, intercept: false))
        #expect(stack.source == .crossValidation(parts: 4))
        #expect(stack.features == [.time])
        #expect(stack.refit)
        let bagging = try Kinds.combiners.build(
            try configuration(Kinds.registry.combiner("bagging"), ["of": .string("a"), "members": .int(3)]), context)
        #expect(bagging == .bagging(model: "a", count: 3, fraction: 1))
        let boosting = try Kinds.combiners.build(
            try configuration(
                Kinds.registry.combiner("boosting"),
                [
                    "of": .list([.string("a"), .string("b")]),
                    "variant": .string("adaboost-r2"),
                ]), context)
        #expect(
            boosting == .boosting(BoostingPlan(variant: .adaboostR2, models: ["a", "b"], rounds: 10, rate: 0.5, patience: nil)))
        #expect(Kinds.registry.metaModels.first?.name == "ridge", "the first meta-model is the default")
    }

    @Test func aNameOutsideTheTableCannotBeBuilt() throws {
        let bagging = KindConfiguration(
            kind: Located("bundling", at: .unknown),
            parameters: ParameterSet(descriptor: KindDescriptor("bundling", "not a kind")))
        #expect(throws: KindTableError.self) { try Kinds.combiners.build(bagging, CombineContext(members: ["a"])) }
    }
}
