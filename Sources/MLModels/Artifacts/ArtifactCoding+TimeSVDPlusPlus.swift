// `timesvdpp`: its configuration, then its biases, time tables and factors.

extension TimeSVDPlusPlus: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.factors)
        writer.write(p.epochs)
        for value in [
            p.learningRate, p.reg, p.biasLearningRate, p.biasReg, p.timeLearningRate, p.timeReg, p.driftLearningRate,
            p.driftReg,
        ] { writer.write(value) }
        writer.write(p.bins)
        writer.write(p.beta)
        writer.write(p.initDeviation)
        writer.write(p.onDivergence)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let factors = try reader.readInt(), epochs = try reader.readInt()
        var rates: [Double] = []
        for _ in 0..<8 { rates.append(try reader.readDouble()) }
        self.init(
            Parameters(
                factors: factors, epochs: epochs, learningRate: rates[0], reg: rates[1], biasLearningRate: rates[2],
                biasReg: rates[3], timeLearningRate: rates[4], timeReg: rates[5], driftLearningRate: rates[6],
                driftReg: rates[7], bins: try reader.readInt(), beta: try reader.readDouble(),
                initDeviation: try reader.readDouble(), onDivergence: try reader.readDivergencePolicy()))
    }
}

extension TimeSVDPlusPlus.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(state.factors)
        for table in [
            state.userBias, state.itemBias, state.drift, state.dayBias, state.binBias, state.userFactors,
            state.itemFactors, state.implicitFactors, userVectors,
        ] { writer.write(table) }
        writer.write(mean)
        writer.write(beta)
        writer.write(Int(calendar.first))
        writer.write(Int(calendar.last))
        writer.write(calendar.count)
        writer.write(meanDays)
        writer.write(lastDays)
        writer.write(dayOffsets)
        writer.write(days)
        writer.write(userCounts)
        writer.write(itemCounts)
        writer.write(scale)
        writer.write(epochLosses)
        writer.write(trainingReport)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let factors = try reader.readInt()
        var tables: [[Float]] = []
        for _ in 0..<9 { tables.append(try reader.readFloats()) }
        let mean = try reader.readDouble(), beta = try reader.readDouble()
        let first = try reader.readInt(), last = try reader.readInt(), binCount = try reader.readInt()
        let meanDays = try reader.readDoubles(), lastDays = try reader.readInt32s()
        let dayOffsets = try reader.readInts(), days = try reader.readInt32s()
        let userCounts = try reader.readInt32s(), itemCounts = try reader.readInt32s()
        let users = userCounts.count, items = itemCounts.count
        try reader.expect(
            factors > 0 && binCount >= 1 && first <= last && Int32(exactly: first) != nil && Int32(exactly: last) != nil
                && tables[0].count == users && tables[1].count == items && tables[2].count == users
                && tables[3].count == days.count && tables[4].count == items * binCount
                && tables[5].count == users * factors && tables[6].count == items * factors
                && tables[7].count == items * factors && tables[8].count == users * factors
                && meanDays.count == users && lastDays.count == users && dayOffsets.count == users + 1
                && dayOffsets.first == 0 && dayOffsets.last == days.count
                && zip(dayOffsets, dayOffsets.dropFirst()).allSatisfy { $0 <= $1 },
            "timesvdpp tables disagree in size")
        var state = TimeSVDPlusPlus.State(factors: factors)
        (state.userBias, state.itemBias, state.drift, state.dayBias, state.binBias) =
            (tables[0], tables[1], tables[2], tables[3], tables[4])
        (state.userFactors, state.itemFactors, state.implicitFactors) = (tables[5], tables[6], tables[7])
        self.init(
            state: state, mean: mean, beta: beta,
            calendar: TimeBins(first: Int32(first), last: Int32(last), count: binCount), meanDays: meanDays,
            lastDays: lastDays, dayOffsets: dayOffsets, days: days, userCounts: userCounts, itemCounts: itemCounts,
            userVectors: tables[8], scale: try reader.readRange(), epochLosses: try reader.readDoubles(),
            trainingReport: try reader.readTrainingReport())
    }
}
