import PipelineGraph
import PipelineKinds
import PipelineSpec

/// What a fit of a pruned search checks after each epoch: its validation
/// error against the median of the finished trials' errors at that epoch.
struct FitPruning: Sendable, Equatable {
    /// Epochs the fit runs before it can be stopped.
    var warmup: Int
    /// The median error after each epoch (index 0 is epoch 1); the fit stops at
    /// the first epoch past the warm-up whose error is above it. Empty while
    /// too few trials have finished: the fit then only records its errors.
    var medians: [Double]

    /// Whether a fit whose validation error after `epoch` (from 1) is `error` stops there.
    func stops(afterEpoch epoch: Int, error: Double) -> Bool {
        guard epoch > warmup, epoch <= medians.count else { return false }
        return !(error <= medians[epoch - 1])
    }

    var configuration: ConfigValue {
        .object(["warmup": .int(warmup), "medians": .array(medians.map(ConfigValue.double))])
    }
}

/// The operations of one trial of a pruned search: the fits of the model the
/// search tunes check their epochs against the medians known when the trial
/// was proposed, so the trial is the same whatever ran beside it.
struct PruningFactory: OperationFactory {
    let base: StageFactory
    let target: String
    /// Per fold, the medians this trial's fits compare against.
    let medians: [Int: [Double]]
    let warmup: Int

    func operation(for step: LoweredStep) throws -> any PipelineOperation {
        guard case .fit(let model, let fold) = step, model.name.value == target else { return try base.operation(for: step) }
        return FitOperation(
            model: model, fold: fold, sampled: base.spec.sample != nil,
            pruning: FitPruning(warmup: warmup, medians: medians[fold] ?? []))
    }

    func layout(of combine: CombineSpec, models: [String]) throws -> CombineLayout {
        try base.layout(of: combine, models: models)
    }

    func splitsByPartition(_ split: KindConfiguration?) throws -> Bool { try base.splitsByPartition(split) }
}

/// The validation errors after each epoch of the finished trials' fits, per fold.
struct EpochCurves {
    private var curves: [Int: [[Double]]] = [:]
    private(set) var finishedTrials = 0

    mutating func add(trialCurves: [Int: [Double]]) {
        finishedTrials += 1
        for (fold, curve) in trialCurves { curves[fold, default: []].append(curve) }
    }

    /// Per fold, the median of the curves at each epoch that at least `startup` of them reached.
    func medians(startup: Int) -> [Int: [Double]] {
        guard finishedTrials >= startup else { return [:] }
        return curves.mapValues { list in
            var medians: [Double] = []
            for epoch in 0... {
                let values = list.compactMap { epoch < $0.count ? $0[epoch] : nil }.sorted()
                guard values.count >= startup else { break }
                let middle = values.count / 2
                medians.append(values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2)
            }
            return medians
        }
    }
}
