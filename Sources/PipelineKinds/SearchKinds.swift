import MLTuning
import PipelineSpec

/// What building a search strategy needs: the space it explores.
public struct SearchContext: Sendable {
    public var space: SearchSpace
    /// The pipeline's seed: proposals are the same for the same seed and history.
    public var seed: UInt64

    public init(_ search: SearchSpec, seed: UInt64) {
        space = SearchSpace(search.space.map { $0.distribution.value.dimension })
        self.seed = seed
    }
}

/// A search method with its budget.
public struct SearchPlan: Sendable {
    public var strategy: any SearchStrategy
    /// Most configurations tried (a grid may have fewer).
    public var trials: Int
    /// Configurations proposed, and run, at once.
    public var parallel: Int
    /// Outer folds whose validation parts the objective averages; `nil` for all.
    public var folds: Int?
    /// Seconds after which no new batch of trials starts; `nil` for no limit.
    public var timeout: Double?
    /// What an earlier study of the same pipeline contributes.
    public var resume: SearchResume
    /// When hopeless trials stop early; `nil` when every trial runs its course.
    public var pruning: SearchPruning?
}

/// The median rule: a trial whose validation error after an epoch (past the
/// warm-up) is worse than the median of the finished trials' errors after
/// that epoch stops there.
public struct SearchPruning: Sendable, Equatable {
    /// Epochs every trial runs before it can be stopped.
    public var warmup: Int
    /// Trials that must have finished before any is stopped.
    public var startup: Int
}

/// Whether hopeless trials stop early (`search.prune`).
enum PruneRule: String, ParameterChoice {
    case none, median
}

/// How a search takes up the study an earlier run of its pipeline left.
public enum SearchResume: String, ParameterChoice, Sendable {
    /// The study goes on only when the space and method are unchanged; any change starts a new one.
    case same
    /// A changed space keeps the earlier trials that lie inside it, evaluated again (from the cache).
    case extend
}

extension Distribution {
    /// The search-space expression as the strategies see it.
    public var dimension: Dimension {
        switch self {
        case .uniform(let low, let high): .uniform(low: low, high: high)
        case .logUniform(let low, let high): .logUniform(low: low, high: high)
        case .int(let low, let high, let log): .integer(low: low, high: high, log: log)
        case .choice(let values): .categorical(count: values.count)
        }
    }

    /// The value a strategy's coordinate stands for: a number, or the choice at that index.
    public func value(at coordinate: Double) -> ParameterValue {
        switch self {
        case .uniform, .logUniform: .double(coordinate)
        case .int: .int(Int(coordinate.rounded()))
        case .choice(let values): values[min(max(Int(coordinate.rounded()), 0), max(values.count - 1, 0))]
        }
    }
}

/// The search methods (`search.method`).
enum SearchKinds {
    typealias Entry = Kind<SearchContext, SearchPlan>

    static let trials = OptionalParameter<Int>(
        "trials", bounds: .atLeastOne,
        "most configurations to try (default \(defaultTrials), no limit but the timeout when one is written)")
    static let defaultTrials = 20
    static let timeout = OptionalParameter<TimeLimit>(
        "timeout", "no new trials start after this long (10m, 2h); a re-run replays the trials it recorded")
    static let resume = Parameter(
        "resume", default: SearchResume.same,
        "'extend' keeps the earlier study's trials that fit a changed space; 'same' starts anew on any change")
    static let prune = Parameter(
        "prune", default: PruneRule.none,
        "'median' stops a trial whose validation error after an epoch is worse than the median of finished trials there")
    static let warmup = Parameter("warmup", default: 5, bounds: .nonNegative, "epochs every trial runs before it can be pruned")
    static let startup = Parameter(
        "startup", default: 5, bounds: .atLeastOne, "finished trials needed before pruning starts")
    static let budget: [any DeclaredParameter] = [timeout, resume, parallel, folds, prune, warmup, startup]

    /// The trial budget: the written one, else the default, or no limit under a timeout alone.
    static func trialBudget(_ p: ParameterSet, written: OptionalParameter<Int>) throws -> Int {
        if let trials = try p.value(written) { return trials }
        return try p.value(timeout) == nil ? defaultTrials : Int.max
    }

    /// A plan for `strategy` with the budget parameters every method shares.
    static func plan(_ strategy: any SearchStrategy, trials: Int, _ p: ParameterSet) throws -> SearchPlan {
        SearchPlan(
            strategy: strategy, trials: trials, parallel: try p.value(parallel), folds: try p.value(folds),
            timeout: try p.value(timeout)?.seconds, resume: try p.value(resume),
            pruning: try p.value(prune) == .median
                ? SearchPruning(warmup: try p.value(warmup), startup: try p.value(startup)) : nil)
    }
    static let parallel = Parameter(
        "parallel", default: 1, bounds: .atLeastOne, "configurations proposed and run at once (results do not depend on --jobs)")
    static let folds = OptionalParameter<Int>(
        "folds", bounds: .atLeastOne, "score trials on the validation parts of the first folds only (default: every fold)")

    static let points = Parameter(
        "points", default: 5, bounds: NumericBounds(low: 2), "values per continuous dimension (log-spaced for log ones)")
    static let gridTrials = Parameter("trials", default: 1000, bounds: .atLeastOne, "most grid points to try")
    static let grid = Entry(
        "grid", "every combination of the dimensions' values", parameters: [points, gridTrials] + budget,
        requires: .validationPart
    ) { p, context in
        try plan(GridSearch(space: context.space, points: try p.value(points)), trials: try p.value(gridTrials), p)
    }

    enum Design: String, ParameterChoice {
        case uniform, sobol
        case latinHypercube = "latin-hypercube"

        var design: RandomSearch.Design {
            switch self {
            case .uniform: .uniform
            case .sobol: .sobol
            case .latinHypercube: .latinHypercube
            }
        }
    }

    static let design = Parameter(
        "design", default: Design.uniform, "independent draws, a scrambled Sobol sequence, or Latin hypercubes")
    static let random = Entry(
        "random", "random draws in each dimension's own scale", parameters: [trials, design] + budget,
        requires: .validationPart
    ) { p, context in
        try plan(
            RandomSearch(space: context.space, seed: context.seed, design: try p.value(design).design),
            trials: try trialBudget(p, written: trials), p)
    }

    static let temperature = Parameter("temperature", default: 1.0, bounds: .positive, "initial temperature")
    static let cooling = Parameter("cooling", default: 0.9, bounds: .fraction, "temperature factor per trial")
    static let patience = Parameter(
        "patience", default: 10, bounds: .atLeastOne, "rejections before a restart from the best point")
    static let anneal = Entry(
        "anneal", "simulated annealing: steps around the current point, accepted by the Metropolis rule as the temperature cools",
        parameters: [trials, temperature, cooling, patience] + budget, requires: .validationPart
    ) { p, context in
        try plan(
            SimulatedAnnealing(
                space: context.space, seed: context.seed, temperature: try p.value(temperature), cooling: try p.value(cooling),
                patience: try p.value(patience)),
            trials: try trialBudget(p, written: trials), p)
    }

    static let initial = Parameter("initial", default: 5, bounds: .atLeastOne, "Sobol points before the surrogate proposes")
    static let bayes = Entry(
        "bayes", "Bayesian optimization: a Gaussian process (Matérn 5/2) and expected improvement; batches by the constant liar",
        parameters: [trials, initial] + budget, requires: .validationPart
    ) { p, context in
        try plan(
            BayesianOptimization(space: context.space, seed: context.seed, initial: try p.value(initial)),
            trials: try trialBudget(p, written: trials), p)
    }

    static let all = [grid, random, anneal, bayes]
}
