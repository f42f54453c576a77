import PipelineKinds
@testable import PipelineSpec

/// The kinds this build runs, plus search methods described as the language
/// spells them. No search method runs yet, so the real tables hold none and
/// `mass` refuses `search:`; these descriptors keep the search grammar and its
/// checks under test for the strategies that will fill the table.
enum TestKinds {
    static let registry: KindRegistry = {
        var registry = Kinds.registry
        registry.searches = searchMethods
        return registry
    }()

    static let trials = Parameter("trials", default: 20, bounds: .atLeastOne, "number of configurations to try")

    static let searchMethods = [
        KindDescriptor("grid", "every combination of the (finite) dimensions", requires: .finiteSpace),
        KindDescriptor("random", "independent random draws", parameters: [trials]),
        KindDescriptor(
            "anneal", "simulated annealing",
            parameters: [
                trials,
                Parameter("temperature", default: 1.0, bounds: .positive, "initial temperature"),
                Parameter("cooling", default: 0.9, bounds: .fraction, "temperature factor per trial"),
            ]),
        KindDescriptor(
            "bayes", "Bayesian optimization",
            parameters: [
                trials, Parameter("initial", default: 5, bounds: .atLeastOne, "random trials before the surrogate is used"),
            ]),
    ]
}

extension PipelineLoader {
    /// A loader over `TestKinds.registry`, for tests of the language itself.
    init(environment: [String: String]) {
        self.init(registry: TestKinds.registry, environment: environment)
    }
}
