extension Splitter {
    static func temporal(_ ratings: RatingSet, testFraction: Double) throws(MLCoreError) -> (
        name: String, train: [Int], test: [Int]
    ) {
        let times = try requireTimes(ratings, method: "temporal")
        let ordered = ratings.sortedByTime(Array(0..<ratings.count), times: times)
        var isTest = [Bool](repeating: false, count: ratings.count)
        for row in ordered.suffix(share(ratings.count, testFraction)) { isTest[row] = true }
        let (train, test) = partition(isTest)
        return ("temporal", train, test)
    }

    static func leaveLast(_ ratings: RatingSet, count: Int) throws(MLCoreError) -> (name: String, train: [Int], test: [Int]) {
        let times = try requireTimes(ratings, method: "leave-last")
        let (starts, rows) = ratings.buckets(of: Array(0..<ratings.count), byItem: false)
        var isTest = [Bool](repeating: false, count: ratings.count)
        for user in 0..<ratings.userCount where starts[user + 1] - starts[user] > count {
            let own = ratings.sortedByTime(Array(rows[starts[user]..<starts[user + 1]]), times: times)
            for row in own.suffix(count) { isTest[row] = true }
        }
        let (train, test) = partition(isTest)
        return ("leave-last", train, test)
    }

    static func requireTimes(_ ratings: RatingSet, method: String) throws(MLCoreError) -> [Double] {
        guard let times = ratings.times else {
            throw MLCoreError(code: .missingTimes, message: "the \(method) split needs rating times, and the ratings have none")
        }
        return times
    }
}
