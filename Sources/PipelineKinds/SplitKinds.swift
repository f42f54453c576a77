import MLCore
import PipelineSpec

/// A split method with its settings; the seed comes from the node that runs it.
public struct SplitPlan: Sendable, Hashable {
    public var method: SplitMethod
    public var validationFraction: Double
    public var stratifyByUser: Bool
    /// For an event stream: how many equal spans of it get their own error in the results.
    public var windows = 20

    public init(method: SplitMethod, validationFraction: Double, stratifyByUser: Bool) {
        self.method = method
        self.validationFraction = validationFraction
        self.stratifyByUser = stratifyByUser
    }

    public func options(seed: UInt64) -> SplitOptions {
        SplitOptions(method: method, validationFraction: validationFraction, stratifyByUser: stratifyByUser, seed: seed)
    }
}

/// How the data is cut into training, validation and test parts.
enum SplitKinds {
    enum Stratify: String, ParameterChoice { case none, user }

    static let validation = Parameter(
        "validation", default: 0.0, bounds: NumericBounds(low: 0, high: 1, includesHigh: false),
        "fraction of each training part kept for search and stacking")
    /// Only the random splits can keep each user's share; the others cut by time or by group.
    static let stratify = Parameter(
        "stratify", default: Stratify.none,
        "keep each user's share in the test and validation parts")
    static let testFraction = Parameter("test", default: 0.2, bounds: .fraction, "fraction of ratings in the test part")

    static let holdout = Kind<Void, SplitPlan>(
        "holdout", "one random test part", parameters: [testFraction, validation, stratify]
    ) { p in
        SplitPlan(
            method: .holdout(testFraction: try p.value(testFraction)), validationFraction: try p.value(validation),
            stratifyByUser: try p.value(stratify) == .user)
    }

    static let folds = Parameter("folds", default: 5, bounds: NumericBounds(low: 2), "number of folds")
    static let kfold = Kind<Void, SplitPlan>(
        "kfold", "k random folds; each is the test part once", parameters: [folds, validation, stratify]
    ) { p in
        SplitPlan(
            method: .kfold(folds: try p.value(folds)), validationFraction: try p.value(validation),
            stratifyByUser: try p.value(stratify) == .user)
    }

    static let temporal = Kind<Void, SplitPlan>(
        "temporal", "the latest ratings by time are the test part; the validation part is the latest of the rest",
        parameters: [testFraction, validation], requires: .timeColumn
    ) { p in
        SplitPlan(
            method: .temporal(testFraction: try p.value(testFraction)), validationFraction: try p.value(validation),
            stratifyByUser: false)
    }

    static let count = Parameter("n", default: 1, bounds: .atLeastOne, "ratings per user in the test part")
    static let leaveLast = Kind<Void, SplitPlan>(
        "leave-last", "each user's last ratings by time are the test part; the validation part is each user's latest of the rest",
        parameters: [count, validation], requires: .timeColumn
    ) { p in
        SplitPlan(
            method: .leaveLast(count: try p.value(count)), validationFraction: try p.value(validation), stratifyByUser: false)
    }

    static let use = Parameter("use", default: NameList([]), "evaluate only these folds (all when empty)")
    static let given = Kind<Void, SplitPlan>(
        "given", "the partition comes from the data source's 'columns.group'; each distinct value is one test fold",
        parameters: [use, validation], requires: .groupColumn
    ) { p in
        let names = try p.value(use).names
        return SplitPlan(
            method: .given(only: names.isEmpty ? nil : names), validationFraction: try p.value(validation),
            stratifyByUser: false)
    }

    enum Granularity: String, ParameterChoice { case partition, event }
    static let granularity = Parameter(
        "granularity", default: Granularity.partition,
        "partition: one step per partition; event: each rating in time order is predicted, then learned from (online)")
    static let batch = Parameter(
        "batch", default: 1, bounds: .atLeastOne,
        "with granularity event: how many ratings are predicted before the model learns from them")
    static let windows = Parameter(
        "windows", default: 20, bounds: .atLeastOne,
        "with granularity event: how many equal spans of the stream get their own error in the results")
    static let prequential = Kind<Void, SplitPlan>(
        "prequential",
        "for each partition after the first, the model trained on the partitions before it is scored on it (one step per partition); "
            + "with granularity event, every rating in time order is predicted by the model learned from those before it",
        parameters: [validation, granularity, batch, windows], requires: .partitions,
        requirementsWhenWritten: ["granularity": .timeColumn], requirementsUnlessWritten: ["granularity": .partitions]
    ) { p, _ in
        guard try p.value(granularity) == .event else {
            return SplitPlan(method: .prequential, validationFraction: try p.value(validation), stratifyByUser: false)
        }
        var plan = SplitPlan(
            method: .events(batch: try p.value(batch)), validationFraction: try p.value(validation), stratifyByUser: false)
        plan.windows = try p.value(windows)
        return plan
    }

    static let all = [holdout, kfold, temporal, leaveLast, given, prequential]
}
