/// The biases every online learner here shares: a running global mean and
/// user and item biases learned by SGD, `r̂ = μ + b_u + b_i`.
struct OnlineBiases: Sendable {
    var mean = 0.0
    var count = 0
    var users: [Double]
    var items: [Double]
    let learningRate: Double
    let reg: Double

    init(userCount: Int, itemCount: Int, learningRate: Double, reg: Double) {
        users = [Double](repeating: 0, count: userCount)
        items = [Double](repeating: 0, count: itemCount)
        self.learningRate = learningRate
        self.reg = reg
    }

    /// `μ + b_u + b_i`; an index outside the tables adds nothing.
    @inline(__always)
    func estimate(user: Int32, item: Int32) -> Double {
        var value = mean
        if user >= 0 && Int(user) < users.count { value += users[Int(user)] }
        if item >= 0 && Int(item) < items.count { value += items[Int(item)] }
        return value
    }

    /// One SGD step of the biases on the error `rating − prediction`, then the mean takes the rating in.
    @inline(__always)
    mutating func learn(user: Int32, item: Int32, rating: Double, error: Double) {
        if user >= 0 && Int(user) < users.count {
            users[Int(user)] += learningRate * (error - reg * users[Int(user)])
        }
        if item >= 0 && Int(item) < items.count {
            items[Int(item)] += learningRate * (error - reg * items[Int(item)])
        }
        count += 1
        mean += (rating - mean) / Double(count)
    }
}
