extension Splitter {
    static func holdout(_ ratings: RatingSet, testFraction: Double, stratify: Bool, seed: UInt64) -> (
        name: String, train: [Int], test: [Int]
    ) {
        var generator = SeededGenerator(seed: seed, label: "split.holdout")
        var isTest = [Bool](repeating: false, count: ratings.count)
        if stratify {
            let (starts, rows) = ratings.buckets(of: Array(0..<ratings.count), byItem: false)
            for user in 0..<ratings.userCount {
                var own = Array(rows[starts[user]..<starts[user + 1]])
                generator.shuffle(&own)
                for row in own.prefix(share(own.count, testFraction)) { isTest[row] = true }
            }
        } else {
            var order = Array(0..<ratings.count)
            generator.shuffle(&order)
            for row in order.prefix(share(order.count, testFraction)) { isTest[row] = true }
        }
        let (train, test) = partition(isTest)
        return ("holdout", train, test)
    }

    /// Rows go round-robin over the folds after a shuffle, so fold sizes differ
    /// by at most one; stratified, each user's rows go round-robin from a
    /// random starting fold, so small users do not all land in the first fold.
    static func kfold(_ ratings: RatingSet, folds: Int, stratify: Bool, seed: UInt64) -> [(
        name: String, train: [Int], test: [Int]
    )] {
        var generator = SeededGenerator(seed: seed, label: "split.kfold")
        var foldOf = [Int](repeating: 0, count: ratings.count)
        if stratify {
            let (starts, rows) = ratings.buckets(of: Array(0..<ratings.count), byItem: false)
            for user in 0..<ratings.userCount where starts[user] < starts[user + 1] {
                var own = Array(rows[starts[user]..<starts[user + 1]])
                generator.shuffle(&own)
                let offset = generator.nextInt(below: folds)
                for (position, row) in own.enumerated() { foldOf[row] = (offset + position) % folds }
            }
        } else {
            var order = Array(0..<ratings.count)
            generator.shuffle(&order)
            for (position, row) in order.enumerated() { foldOf[row] = position % folds }
        }
        return (0..<folds).map { fold in
            let (train, test) = partition(foldOf.map { $0 == fold })
            return ("fold \(fold + 1)", train, test)
        }
    }

    /// Ascending rows where `isTest` is false, and where it is true.
    static func partition(_ isTest: [Bool]) -> (train: [Int], test: [Int]) {
        var train: [Int] = [], test: [Int] = []
        for (row, flag) in isTest.enumerated() {
            if flag { test.append(row) } else { train.append(row) }
        }
        return (train, test)
    }
}
