extension Splitter {
    /// The fold of a final fit on all the data: every row trains, none is
    /// tested, and the validation part (what combiners learn their weights on)
    /// is carved as the split method carves it in its folds, with the same
    /// fraction. This is the fold an exported ensemble is trained on.
    ///
    /// - Throws: `MLCoreError` for a validation fraction outside (0, 1), or a
    ///   method that carves by time on data without times.
    public static func finalFold(of ratings: RatingSet, options: SplitOptions) throws(MLCoreError) -> Fold {
        let all = Array(0..<ratings.count)
        guard options.validationFraction > 0 else {
            return Fold(index: 0, name: "all data", train: all, validation: [], test: [])
        }
        try MLCoreError.checkFraction(options.validationFraction, parameter: "validation", label: "validation")
        let carve: ValidationCarve
        switch options.method {
        case .holdout, .kfold: carve = options.stratifyByUser ? .randomPerUser : .random
        case .temporal: carve = .latest(times: try requireTimes(ratings, method: "temporal"))
        case .leaveLast: carve = .latestPerUser(times: try requireTimes(ratings, method: "leave-last"))
        case .given: carve = .random
        case .prequential, .events: carve = ratings.times.map { .latest(times: $0) } ?? .random
        }
        let (train, validation) = carveValidation(
            ratings, from: all, fraction: options.validationFraction, carve: carve, seed: options.seed, fold: -1)
        return Fold(index: 0, name: "all data", train: train, validation: validation, test: [])
    }
}
