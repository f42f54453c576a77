import Foundation
import MLCore

/// `timesvdpp`: timeSVD++ (Koren 2009, "Collaborative filtering with temporal
/// dynamics"). SVD++ with biases that move in time:
/// r̂(u, i, t) = μ + b_u + α_u·dev_u(t) + b_{u,day(t)} + b_i + b_{i,bin(t)}
///            + q_iᵀ(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j),
/// where dev_u(t) = sign(t − t_u)·|t − t_u|^β in days from the user's mean
/// rating day t_u, b_{u,day} is a bias for each day the user rated on, and
/// b_{i,bin} a bias for each of `bins` equal spans of the training period.
/// Trained by SGD user by user; the implicit factors y_j take each user's
/// summed gradient once, after the user's ratings (as in SVD++ practice).
public struct TimeSVDPlusPlus: IterativeModel {
    public static let kind = "timesvdpp"

    public struct Parameters: Sendable, Hashable {
        public var factors: Int
        public var epochs: Int
        /// Learning rate and L2 of the factors p, q, y.
        public var learningRate: Double
        public var reg: Double
        /// Learning rate and L2 of the static biases b_u, b_i.
        public var biasLearningRate: Double
        public var biasReg: Double
        /// Learning rate and L2 of the time biases b_{i,bin} and b_{u,day}.
        public var timeLearningRate: Double
        public var timeReg: Double
        /// Learning rate and L2 of the drift α_u (dev_u(t) reaches several units, so both differ).
        public var driftLearningRate: Double
        public var driftReg: Double
        public var bins: Int
        public var beta: Double
        public var initDeviation: Double
        public var onDivergence: DivergencePolicy

        public init(
            factors: Int = 20, epochs: Int = 20, learningRate: Double = 0.007, reg: Double = 0.02,
            biasLearningRate: Double = 0.007, biasReg: Double = 0.02, timeLearningRate: Double = 0.001,
            timeReg: Double = 0.2, driftLearningRate: Double = 0.0001, driftReg: Double = 1, bins: Int = 30,
            beta: Double = 0.4, initDeviation: Double = 0.1, onDivergence: DivergencePolicy = .fail
        ) {
            self.factors = factors
            self.epochs = epochs
            self.learningRate = learningRate
            self.reg = reg
            self.biasLearningRate = biasLearningRate
            self.biasReg = biasReg
            self.timeLearningRate = timeLearningRate
            self.timeReg = timeReg
            self.driftLearningRate = driftLearningRate
            self.driftReg = driftReg
            self.bins = bins
            self.beta = beta
            self.initDeviation = initDeviation
            self.onDivergence = onDivergence
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try fit(train: train, scale: scale, seed: seed, observer: nil)
    }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64, observer: EpochObserver?) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try validate()
        guard let times = train.times else {
            throw ModelError(
                .invalidParameter, model: kind,
                "timesvdpp needs the time of each rating; add 'time: COLUMN' under the data source's 'columns'")
        }
        try require(times.allSatisfy(\.isFinite), kind: kind, "every rating's time must be a finite number")
        let rows = TimedRows(train, times: times, bins: p.bins, beta: p.beta)
        var generator = SeededGenerator(seed: seed, label: kind)
        var state = State(rows: rows, factors: p.factors)
        for k in state.userFactors.indices { state.userFactors[k] = Float(generator.nextGaussian() * p.initDeviation) }
        for k in state.itemFactors.indices { state.itemFactors[k] = Float(generator.nextGaussian() * p.initDeviation) }
        for k in state.implicitFactors.indices {
            state.implicitFactors[k] = Float(generator.nextGaussian() * p.initDeviation)
        }
        var runner = EpochRunner(kind: kind, epochs: p.epochs, observer: observer)
        runner.divergence = p.onDivergence
        let (losses, report) = try runner.run(
            state: &state, learningRate: p.learningRate,
            epoch: { state, rate in state.epoch(rows, parameters: p, rate: Float(rate / p.learningRate)) },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: 0.007) },
            current: { state, losses in Fitted(state: state, rows: rows, beta: p.beta, scale: scale, epochLosses: losses) })
        var fitted = Fitted(state: state, rows: rows, beta: p.beta, scale: scale, epochLosses: losses)
        fitted.trainingReport = report
        return fitted
    }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        for (name, rate) in [
            ("lr", p.learningRate), ("lr_bias", p.biasLearningRate), ("lr_time", p.timeLearningRate),
            ("lr_drift", p.driftLearningRate),
        ] {
            try require(rate > 0 && rate.isFinite, kind: kind, "\(name) must be positive, got \(rate)")
        }
        try require(
            p.reg >= 0 && p.biasReg >= 0 && p.timeReg >= 0 && p.driftReg >= 0, kind: kind,
            "regularization must not be negative")
        try require(p.bins >= 1, kind: kind, "bins must be at least 1, got \(p.bins)")
        try require(p.beta > 0 && p.beta <= 1, kind: kind, "beta must be in (0, 1], got \(p.beta)")
        try requireValid(p.onDivergence, kind: kind)
    }
}

/// dev_u(t) = sign(t − t_u)·|t − t_u|^β, in days.
@inline(__always)
func timeDeviation(day: Double, meanDay: Double, beta: Double) -> Double {
    let gap = day - meanDay
    return gap == 0 ? 0 : (gap > 0 ? 1 : -1) * pow(abs(gap), beta)
}
