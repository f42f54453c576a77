extension Splitter {
    /// How the validation part is taken from a fold's training part.
    enum ValidationCarve {
        /// A random share of the training rows (unstratified holdout and kfold, given).
        case random
        /// A random share of each user's training rows (stratified holdout and
        /// kfold), by the same rounding as the stratified test part.
        case randomPerUser
        /// The latest share of the training rows by time (temporal): validation
        /// sits between training and test in time, as the test part does after training.
        case latest(times: [Double])
        /// Each user's latest training ratings by time (leave-last); see `latestShare`.
        case latestPerUser(times: [Double])
    }

    /// Moves `fraction` of `train` to validation; both results ascending.
    static func carveValidation(
        _ ratings: RatingSet, from train: [Int], fraction: Double, carve: ValidationCarve, seed: UInt64, fold: Int
    ) -> (train: [Int], validation: [Int]) {
        var generator = SeededGenerator(seed: seed, label: "split.validation.\(fold)")
        switch carve {
        case .random:
            let validationCount = share(train.count, fraction)
            var ordered = train
            generator.shuffle(&ordered)
            return (Array(ordered[validationCount...]).sorted(), Array(ordered[..<validationCount]).sorted())
        case .latest(let times):
            let ordered = ratings.sortedByTime(train, times: times)
            let cut = ordered.count - share(train.count, fraction)
            return (Array(ordered[..<cut]).sorted(), Array(ordered[cut...]).sorted())
        case .randomPerUser, .latestPerUser:
            var isValidation = [Bool](repeating: false, count: ratings.count)
            let (starts, rows) = ratings.buckets(of: train, byItem: false)
            for user in 0..<ratings.userCount where starts[user] < starts[user + 1] {
                var own = Array(rows[starts[user]..<starts[user + 1]])
                if case .latestPerUser(let times) = carve {
                    own = ratings.sortedByTime(own, times: times)
                    for row in own.suffix(latestShare(own.count, fraction)) { isValidation[row] = true }
                } else {
                    generator.shuffle(&own)
                    for row in own.prefix(share(own.count, fraction)) { isValidation[row] = true }
                }
            }
            var kept: [Int] = [], validation: [Int] = []
            for row in train {
                if isValidation[row] { validation.append(row) } else { kept.append(row) }
            }
            return (kept, validation)
        }
    }

    /// How many of a user's `count` training ratings leave-last moves to
    /// validation: `round(count × fraction)` (half away from zero, as
    /// everywhere in splits), but at most `count − 1`. Every user keeps at
    /// least one training rating, so a user with one keeps it in training,
    /// and validation never holds a user the model has not seen; a user with
    /// two gives one up once the fraction reaches 0.25.
    static func latestShare(_ count: Int, _ fraction: Double) -> Int {
        min(share(count, fraction), max(count - 1, 0))
    }
}
