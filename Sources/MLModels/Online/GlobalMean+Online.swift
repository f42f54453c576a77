extension GlobalMean: OnlineModel {
    /// The running mean of the ratings so far.
    public func onlineLearner(
        userCount: Int, itemCount: Int, settings: OnlineSettings, seed: UInt64
    ) throws -> any OnlineLearner {
        RunningMeanOnline()
    }
}

struct RunningMeanOnline: OnlineLearner {
    var mean = 0.0
    var count = 0.0

    func estimate(user: Int32, item: Int32) -> Double { mean }

    mutating func learn(user: Int32, item: Int32, rating: Double) {
        count += 1
        mean += (rating - mean) / count
    }
}
