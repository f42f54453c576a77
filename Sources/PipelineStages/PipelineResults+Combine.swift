import Foundation

/// What the combiner learned, fold by fold: in the results JSON under `combine`.
public struct CombineResults: Codable, Sendable, Equatable {
    /// The combine method.
    public var method: String
    /// Weights per fold, and per time window for time-varying weights (`from`/`to` set).
    public var weights: [WeightEntry]
    /// Stacking: the meta-model's coefficient per column (a member, or a member × a meta-feature).
    public var coefficients: [CoefficientEntry]
    /// Bagging: the out-of-bag RMSE on the training part, per fold.
    public var outOfBag: [FoldValue]
    /// Boosting: rounds run and kept, with the validation RMSE after each round.
    public var rounds: [RoundEntry]

    public init(
        method: String, weights: [WeightEntry] = [], coefficients: [CoefficientEntry] = [], outOfBag: [FoldValue] = [],
        rounds: [RoundEntry] = []
    ) {
        self.method = method
        self.weights = weights
        self.coefficients = coefficients
        self.outOfBag = outOfBag
        self.rounds = rounds
    }

    /// One fold's details merged into the whole.
    mutating func append(_ other: CombineResults) {
        weights += other.weights
        coefficients += other.coefficients
        outOfBag += other.outOfBag
        rounds += other.rounds
    }

    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> CombineResults? {
        try? JSONDecoder().decode(CombineResults.self, from: Data(text.utf8))
    }
}

public struct WeightEntry: Codable, Sendable, Equatable {
    public var fold: Int
    /// The window's time span; absent for weights that hold at all times.
    public var from: Double?
    public var to: Double?
    public var weights: [String: Double]
    public var intercept: Double
}

public struct CoefficientEntry: Codable, Sendable, Equatable {
    public var fold: Int
    public var coefficients: [String: Double]
    public var intercept: Double
}

public struct FoldValue: Codable, Sendable, Equatable {
    public var fold: Int
    public var value: Double
}

public struct RoundEntry: Codable, Sendable, Equatable {
    public var fold: Int
    public var rounds: Int
    /// Rounds whose ensemble is kept: the best on validation (gradient), or the members kept (AdaBoost.R2).
    public var kept: Int
    /// Validation RMSE of the ensemble after each round.
    public var validation: [Double]
}
