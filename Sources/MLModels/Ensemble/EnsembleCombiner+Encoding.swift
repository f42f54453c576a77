extension EnsembleCombiner {
    private enum Tag: UInt8 {
        case linear = 1, windowed, stacking, gradientBoosting, adaBoost
    }

    /// Writes the combiner: a tag, then its learned values.
    public func encode(to writer: inout ArtifactWriter) {
        switch self {
        case .linear(let combination):
            writer.write(Tag.linear.rawValue)
            Self.write(combination, to: &writer)
        case .windowed(let windowed):
            writer.write(Tag.windowed.rawValue)
            writer.write(windowed.windows.count)
            for window in windowed.windows {
                writer.write(window.from)
                writer.write(window.to)
                Self.write(window.combination, to: &writer)
            }
        case .stacking(let model, let features, let support):
            writer.write(Tag.stacking.rawValue)
            writer.write(model.memberCount)
            writer.write(model.coefficients)
            writer.write(model.intercept)
            writer.write(model.featureMeans)
            writer.write(model.featureDeviations)
            writer.write(features.map(\.rawValue))
            writer.write(support.userCounts)
            writer.write(support.itemCounts)
        case .gradientBoosting(let rate):
            writer.write(Tag.gradientBoosting.rawValue)
            writer.write(rate)
        case .adaBoost(let weights):
            writer.write(Tag.adaBoost.rawValue)
            writer.write(weights)
        }
    }

    /// Reads a combiner written by `encode(to:)`.
    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let tag = try reader.readByte()
        switch Tag(rawValue: tag) {
        case .linear:
            self = .linear(try Self.readCombination(&reader))
        case .windowed:
            let count = try reader.readCount()
            var windows: [WindowedCombination.Window] = []
            for _ in 0..<count {
                let from = try reader.readDouble(), to = try reader.readDouble()
                windows.append(.init(from: from, to: to, combination: try Self.readCombination(&reader)))
            }
            guard !windows.isEmpty else { throw ModelArtifactError(.malformed, "time-varying weights without a window") }
            self = .windowed(WindowedCombination(windows: windows))
        case .stacking:
            let members = try reader.readCount()
            let coefficients = try reader.readDoubles(), intercept = try reader.readDouble()
            let means = try reader.readDoubles(), deviations = try reader.readDoubles()
            let names = try reader.readStrings()
            let support = TrainingSupport(userCounts: try reader.readInt32s(), itemCounts: try reader.readInt32s())
            var features: [MetaFeature] = []
            for name in names {
                guard let feature = MetaFeature(rawValue: name) else {
                    throw ModelArtifactError(.malformed, "unknown stacking meta-feature '\(name)'")
                }
                features.append(feature)
            }
            guard means.count == deviations.count, means.count == features.count,
                coefficients.count == members * (1 + features.count)
            else { throw ModelArtifactError(.malformed, "the stacking model's coefficients do not match its members") }
            let model = StackingModel(
                coefficients: coefficients, intercept: intercept, memberCount: members, featureMeans: means,
                featureDeviations: deviations)
            self = .stacking(model, features: features, support: support)
        case .gradientBoosting:
            self = .gradientBoosting(rate: try reader.readDouble())
        case .adaBoost:
            self = .adaBoost(weights: try reader.readDoubles())
        case nil:
            throw ModelArtifactError(.malformed, "unknown combiner tag \(tag)")
        }
    }

    /// The combiner alone as bytes (what a combine step keeps).
    public func encoded() -> [UInt8] {
        var writer = ArtifactWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Reads bytes written by `encoded()`.
    public init(bytes: [UInt8]) throws(ModelArtifactError) {
        var reader = ArtifactReader(bytes)
        try self.init(decoding: &reader)
        guard reader.isAtEnd else { throw ModelArtifactError(.malformed, "bytes follow the combiner") }
    }

    /// How many member columns the combiner reads; `nil` when any number will do.
    public var memberCount: Int? {
        switch self {
        case .linear(let combination): combination.weights.count
        case .windowed(let windowed): windowed.windows.first?.combination.weights.count
        case .stacking(let model, _, _): model.memberCount
        case .gradientBoosting: nil
        case .adaBoost(let weights): weights.count
        }
    }

    private static func write(_ combination: LinearCombination, to writer: inout ArtifactWriter) {
        writer.write(combination.weights)
        writer.write(combination.intercept)
    }

    private static func readCombination(_ reader: inout ArtifactReader) throws(ModelArtifactError) -> LinearCombination {
        let weights = try reader.readDoubles()
        return LinearCombination(weights: weights, intercept: try reader.readDouble())
    }
}
