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

extension CombineResults {
    /// What the combiner learned, in a few lines under the results table.
    func summaryLines() -> [String] {
        var lines: [String] = []
        let folds = Set(weights.map(\.fold)).count
        let windowed = weights.contains { $0.from != nil }
        if !weights.isEmpty && !windowed {
            lines.append("\(method) weights (mean over folds): " + Self.meanText(weights.map(\.weights)))
        }
        if windowed {
            lines.append("\(method) weights per time window (\(weights.count / max(folds, 1)) windows per fold; fold 1):")
            for entry in weights where entry.fold == weights[0].fold {
                lines.append("  \(Self.number(entry.from ?? 0))–\(Self.number(entry.to ?? 0)): " + Self.meanText([entry.weights]))
            }
        }
        if !coefficients.isEmpty {
            // Members first; meta-feature terms (`svd × user_support`) on a line of their own.
            let entries = coefficients.map(\.coefficients)
            let members = entries.map { $0.filter { !$0.key.contains(" × ") } }
            let terms = entries.map { $0.filter { $0.key.contains(" × ") } }
            lines.append("\(method) coefficients (mean over folds): " + Self.meanText(members))
            if terms.contains(where: { !$0.isEmpty }) { lines.append("  meta-feature terms: " + Self.meanText(terms)) }
        }
        if !outOfBag.isEmpty {
            let mean = outOfBag.map(\.value).reduce(0, +) / Double(outOfBag.count)
            lines.append("\(method) out-of-bag rmse on the training parts: " + PipelineResults.format(mean))
        }
        if !rounds.isEmpty {
            lines.append(
                "\(method) rounds kept per fold: "
                    + rounds.map { "\($0.kept) of \($0.rounds)" }.joined(separator: ", "))
        }
        return lines
    }

    /// `svd 0.6123, knn 0.3877`: each name's mean, in name order.
    private static func meanText(_ entries: [[String: Double]]) -> String {
        let names = Set(entries.flatMap(\.keys)).sorted()
        return names.map { name in
            let values = entries.compactMap { $0[name] }
            return "\(name) \(PipelineResults.format(values.reduce(0, +) / Double(max(values.count, 1))))"
        }.joined(separator: ", ")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }
}
