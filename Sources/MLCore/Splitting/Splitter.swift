/// Cuts a rating set into folds. Deterministic: the same data, options and
/// seed give the same folds; each randomised step draws from its own labelled
/// generator, so adding a validation part does not move test rows.
public enum Splitter {
    /// The folds of `ratings` under `options`.
    ///
    /// - Parameter groups: the group of each rating, required by `given`.
    /// - Throws: `MLCoreError` for fractions outside (0, 1), fewer than two
    ///   folds or more folds than rows, missing times (temporal, leave-last),
    ///   missing groups or an unknown group name (given).
    public static func folds(of ratings: RatingSet, groups: RatingGroups? = nil, options: SplitOptions) throws(MLCoreError)
        -> [Fold]
    {
        if options.validationFraction != 0 {
            try MLCoreError.checkFraction(options.validationFraction, parameter: "validation", label: "validation")
        }
        let parts: [(name: String, train: [Int], test: [Int])]
        var carve = ValidationCarve.random
        switch options.method {
        case .holdout(let fraction):
            try MLCoreError.checkFraction(fraction, parameter: "fraction", label: "test fraction")
            parts = [holdout(ratings, testFraction: fraction, stratify: options.stratifyByUser, seed: options.seed)]
            if options.stratifyByUser { carve = .randomPerUser }
        case .kfold(let count):
            guard count >= 2 else { throw MLCoreError.invalid("folds", "folds must be at least 2, got \(count)") }
            guard count <= ratings.count else {
                throw MLCoreError.invalid("folds", "folds (\(count)) must not exceed the number of ratings (\(ratings.count))")
            }
            parts = kfold(ratings, folds: count, stratify: options.stratifyByUser, seed: options.seed)
            if options.stratifyByUser { carve = .randomPerUser }
        case .temporal(let fraction):
            try MLCoreError.checkFraction(fraction, parameter: "fraction", label: "test fraction")
            parts = [try temporal(ratings, testFraction: fraction)]
            carve = .latest(times: try requireTimes(ratings, method: "temporal"))
        case .leaveLast(let count):
            guard count >= 1 else { throw MLCoreError.invalid("count", "leave-last count must be at least 1, got \(count)") }
            parts = [try leaveLast(ratings, count: count)]
            carve = .latestPerUser(times: try requireTimes(ratings, method: "leave-last"))
        case .given(let only):
            parts = try given(ratings, groups: groups, only: only)
        case .prequential:
            parts = [try prequential(ratings, partitions: groups)]
            if let times = ratings.times { carve = .latest(times: times) }
        case .events(let batch):
            guard batch >= 1 else { throw MLCoreError.invalid("batch", "batch must be at least 1, got \(batch)") }
            _ = try requireTimes(ratings, method: "prequential by event")
            guard options.validationFraction == 0 else {
                throw MLCoreError.invalid(
                    "validation", "an event stream has no validation part: each rating is predicted, then learned from")
            }
            parts = [("stream", [], Array(0..<ratings.count))]
        }
        return parts.enumerated().map { position, part in
            var train = part.train, validation: [Int] = []
            if options.validationFraction > 0 {
                (train, validation) = carveValidation(
                    ratings, from: part.train, fraction: options.validationFraction, carve: carve,
                    seed: options.seed, fold: position)
            }
            var fold = Fold(index: position, name: part.name, train: train, validation: validation, test: part.test)
            countColdStart(ratings, &fold)
            return fold
        }
    }

    /// `round(count × fraction)`, half away from zero.
    static func share(_ count: Int, _ fraction: Double) -> Int {
        Int((Double(count) * fraction).rounded())
    }

    private static func countColdStart(_ ratings: RatingSet, _ fold: inout Fold) {
        var seenUsers = [Bool](repeating: false, count: ratings.userCount)
        var seenItems = [Bool](repeating: false, count: ratings.itemCount)
        for row in fold.train {
            seenUsers[Int(ratings.users[row])] = true
            seenItems[Int(ratings.items[row])] = true
        }
        for row in fold.test {
            let coldUser = !seenUsers[Int(ratings.users[row])], coldItem = !seenItems[Int(ratings.items[row])]
            if coldUser { fold.coldUserTestRows += 1 }
            if coldItem { fold.coldItemTestRows += 1 }
            if coldUser || coldItem { fold.coldStartTestRows += 1 }
        }
    }
}
