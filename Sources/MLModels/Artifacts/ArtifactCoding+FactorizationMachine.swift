import MLCore

// `fm`: its configuration (attribute names, not the tables: the fitted state
// keeps the rows it reads), then its fitted state with its feature space.

extension FactorizationMachine: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.factors)
        writer.write(p.epochs)
        writer.write(p.learningRate)
        writer.write(p.reg)
        writer.write(p.regLinear)
        writer.write(p.initDeviation)
        writer.write(p.userAttributes)
        writer.write(p.itemAttributes)
        writer.write(p.contexts.map(\.rawValue))
        writer.write(p.onDivergence)
        writer.write(p.learning)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let factors = try reader.readInt(), epochs = try reader.readInt(), learningRate = try reader.readDouble()
        let reg = try reader.readDouble(), regLinear = try reader.readDouble(), initDeviation = try reader.readDouble()
        let userAttributes = try reader.readStrings(), itemAttributes = try reader.readStrings()
        let contexts = try reader.readContextFeatures()
        self.init(
            Parameters(
                factors: factors, epochs: epochs, learningRate: learningRate, reg: reg, regLinear: regLinear,
                initDeviation: initDeviation, userAttributes: userAttributes, itemAttributes: itemAttributes,
                contexts: contexts, onDivergence: try reader.readDivergencePolicy(), learning: try reader.readLearningOptions()))
    }
}

extension FactorizationMachine.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(factors)
        writer.write(space.userCount)
        writer.write(space.itemCount)
        writer.write(space.userRows)
        writer.write(space.itemRows)
        writer.write(space.contexts.map(\.rawValue))
        writer.write(state.bias)
        writer.write(state.linear)
        writer.write(state.factors)
        writer.write(seen.map { $0 ? 1 : 0 } as [Int32])
        writer.write(scale)
        writer.write(epochLosses)
        writer.write(trainingReport)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let factors = try reader.readInt(), userCount = try reader.readInt(), itemCount = try reader.readInt()
        let userRows = try reader.readFeatureRows(), itemRows = try reader.readFeatureRows()
        let space = FeatureSpace(
            userCount: userCount, itemCount: itemCount, userRows: userRows, itemRows: itemRows,
            contexts: try reader.readContextFeatures())
        var state = FactorizationMachine.State(features: 0, factors: 0)
        state.bias = try reader.readFloat()
        state.linear = try reader.readFloats()
        state.factors = try reader.readFloats()
        let seen = try reader.readInt32s().map { $0 != 0 }
        try reader.expect(
            factors > 0 && userCount >= 0 && itemCount >= 0 && userRows.rowCount <= userCount
                && itemRows.rowCount <= itemCount && state.linear.count == space.count && seen.count == space.count
                && factors.multipliedReportingOverflow(by: space.count) == (state.factors.count, false),
            "fm tables disagree with its feature space")
        self.init(
            state: state, factors: factors, space: space, seen: seen, scale: try reader.readRange(),
            epochLosses: try reader.readDoubles(), trainingReport: try reader.readTrainingReport())
    }
}

extension ArtifactWriter {
    mutating func write(_ rows: FeatureRows) {
        write(rows.offsets)
        write(rows.features)
        write(rows.values)
        write(rows.names)
    }
}

extension ArtifactReader {
    mutating func readFeatureRows() throws(ModelArtifactError) -> FeatureRows {
        let rows = FeatureRows(
            offsets: try readInts(), features: try readInt32s(), values: try readFloats(), names: try readStrings())
        try expect(rows.isWellFormed, "feature rows are malformed")
        return rows
    }

    mutating func readContextFeatures() throws(ModelArtifactError) -> [ContextFeature] {
        var features: [ContextFeature] = []
        for name in try readStrings() {
            guard let feature = ContextFeature(rawValue: name) else {
                throw ModelArtifactError(.malformed, "'\(name)' is not a context feature")
            }
            features.append(feature)
        }
        return features
    }
}
