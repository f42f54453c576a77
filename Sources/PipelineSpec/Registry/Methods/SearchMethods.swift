/// Hyper-parameter search strategies.
public enum SearchMethods {
    public static let all: [KindDescriptor] = [grid, random, anneal, bayes]

    static let trials = ParameterDescriptor("trials", .int, default: .int(20), bounds: .atLeastOne, "number of configurations to try")

    static let grid = KindDescriptor("grid", "every combination of the (finite) dimensions")
    static let random = KindDescriptor("random", "independent random draws", parameters: [trials])
    static let anneal = KindDescriptor(
        "anneal", "simulated annealing: random steps from the best point, accepted by temperature",
        parameters: [
            trials,
            ParameterDescriptor("temperature", .double, default: .double(1), bounds: .positive, "initial temperature"),
            ParameterDescriptor("cooling", .double, default: .double(0.9), bounds: .fraction, "temperature factor per trial"),
        ])
    static let bayes = KindDescriptor(
        "bayes", "Bayesian optimization with a Gaussian-process surrogate",
        parameters: [
            trials,
            ParameterDescriptor("initial", .int, default: .int(5), bounds: .atLeastOne, "random trials before the surrogate is used"),
        ])
}
