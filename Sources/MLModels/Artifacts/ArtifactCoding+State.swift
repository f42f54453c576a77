import MLCore

// The fitted state of each persistent model kind. Decoding checks that the
// arrays agree in size and that stored indices are in range, so that no
// prediction made from a decoded state can read out of bounds.

extension GlobalMean.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(mean)
        writer.write(scale)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(mean: try reader.readDouble(), scale: try reader.readRange())
    }
}

extension Baseline.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(biases.globalMean)
        writer.write(biases.user)
        writer.write(biases.item)
        writer.write(knownUsers)
        writer.write(knownItems)
        writer.write(scale)
        writer.write(trainingReport)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let biases = BaselineBiases(
            globalMean: try reader.readDouble(), user: try reader.readDoubles(), item: try reader.readDoubles())
        let knownUsers = try reader.readKnownIndices(), knownItems = try reader.readKnownIndices()
        try reader.expect(
            knownUsers.counts.count == biases.user.count && knownItems.counts.count == biases.item.count,
            "baseline counts and biases disagree in size")
        self.init(biases: biases, knownUsers: knownUsers, knownItems: knownItems, scale: try reader.readRange())
        trainingReport = try reader.readTrainingReport()
    }
}

extension MatrixFactorization.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(mean)
        writer.write(biased)
        writer.write(state.userFactors)
        writer.write(state.itemFactors)
        writer.write(state.userBias)
        writer.write(state.itemBias)
        writer.write(knownUsers)
        writer.write(knownItems)
        writer.write(epochLosses)
        writer.write(scale)
        writer.write(trainingReport)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let mean = try reader.readDouble(), biased = try reader.readBool()
        var state = MatrixFactorization.State(userCount: 0, itemCount: 0, factors: 1)
        state.userFactors = try reader.readFactorMatrix()
        state.itemFactors = try reader.readFactorMatrix()
        state.userBias = try reader.readFloats()
        state.itemBias = try reader.readFloats()
        let knownUsers = try reader.readKnownIndices(), knownItems = try reader.readKnownIndices()
        let users = state.userFactors.rows, items = state.itemFactors.rows
        try reader.expect(
            state.userFactors.factors == state.itemFactors.factors && state.userBias.count == users
                && state.itemBias.count == items && knownUsers.counts.count == users && knownItems.counts.count == items,
            "mf factor matrices, biases and counts disagree in size")
        self.init(
            mean: mean, biased: biased, state: state, knownUsers: knownUsers, knownItems: knownItems,
            epochLosses: try reader.readDoubles(), scale: try reader.readRange(),
            trainingReport: try reader.readTrainingReport())
    }
}

extension SVDPlusPlus.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(mean)
        writer.write(state.userFactors)
        writer.write(state.itemFactors)
        writer.write(state.implicitFactors)
        writer.write(state.userBias)
        writer.write(state.itemBias)
        writer.write(implicitOffsets)
        writer.write(implicitItems)
        writer.write(knownItems)
        writer.write(epochLosses)
        writer.write(scale)
        writer.write(trainingReport)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let mean = try reader.readDouble()
        var state = SVDPlusPlus.State(userCount: 0, itemCount: 0, factors: 1)
        state.userFactors = try reader.readFactorMatrix()
        state.itemFactors = try reader.readFactorMatrix()
        state.implicitFactors = try reader.readFactorMatrix()
        state.userBias = try reader.readFloats()
        state.itemBias = try reader.readFloats()
        let offsets = try reader.readInts(), items = try reader.readInt32s()
        let knownItems = try reader.readKnownIndices()
        let userCount = state.userFactors.rows, itemCount = state.itemFactors.rows
        try reader.expect(
            state.itemFactors.factors == state.userFactors.factors
                && state.implicitFactors.factors == state.userFactors.factors
                && state.implicitFactors.rows == itemCount && state.userBias.count == userCount
                && state.itemBias.count == itemCount && knownItems.counts.count == itemCount,
            "svdpp factor matrices, biases and counts disagree in size")
        try reader.expect(
            isValidLists(offsets: offsets, members: items, rows: userCount, memberCount: itemCount),
            "svdpp implicit lists are inconsistent")
        self.init(
            state: state, mean: mean, implicitOffsets: offsets, implicitItems: items, knownItems: knownItems,
            epochLosses: try reader.readDoubles(), scale: try reader.readRange())
        trainingReport = try reader.readTrainingReport()
    }
}

extension AlternatingLeastSquares.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(mean)
        writer.write(width)
        writer.write(users)
        writer.write(items)
        writer.write(knownUsers)
        writer.write(knownItems)
        writer.write(epochLosses)
        writer.write(scale)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let mean = try reader.readDouble(), width = try reader.readCount()
        let users = try reader.readDoubles(), items = try reader.readDoubles()
        let knownUsers = try reader.readKnownIndices(), knownItems = try reader.readKnownIndices()
        try reader.expect(
            width >= 1 && users.count == knownUsers.counts.count * width && items.count == knownItems.counts.count * width,
            "als rows and counts disagree in size")
        self.init(
            mean: mean, width: width, users: users, items: items, knownUsers: knownUsers, knownItems: knownItems,
            epochLosses: try reader.readDoubles(), scale: try reader.readRange())
    }
}

extension Popularity.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(globalMean)
        writer.write(itemScores)
        writer.write(itemCounts)
        writer.write(scale)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let mean = try reader.readDouble(), scores = try reader.readDoubles(), counts = try reader.readInts()
        try reader.expect(scores.count == counts.count, "popularity scores and counts disagree in size")
        self.init(globalMean: mean, itemScores: scores, itemCounts: counts, scale: try reader.readRange())
    }
}

extension RatingIndex {
    func encode(to writer: inout ArtifactWriter) {
        writer.write(userOffsets)
        writer.write(userItems)
        writer.write(userValues)
        writer.write(itemCount)
        writer.write(globalMean)
    }

    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let offsets = try reader.readInts(), items = try reader.readInt32s(), values = try reader.readDoubles()
        let itemCount = try reader.readCount(), mean = try reader.readDouble()
        try reader.expect(
            !offsets.isEmpty && values.count == items.count
                && isValidLists(offsets: offsets, members: items, rows: offsets.count - 1, memberCount: itemCount),
            "the saved ratings are inconsistent")
        self.init(userOffsets: offsets, userItems: items, userValues: values, itemCount: itemCount, globalMean: mean)
    }
}

/// Whether `offsets` (rows + 1 entries, from 0, never decreasing, ending at the
/// member count) cut `members`, each below `memberCount`, into rows.
func isValidLists(offsets: [Int], members: [Int32], rows: Int, memberCount: Int) -> Bool {
    guard offsets.count == rows + 1, offsets.first == 0, offsets.last == members.count else { return false }
    for row in 0..<rows where offsets[row] > offsets[row + 1] { return false }
    return members.allSatisfy { $0 >= 0 && Int($0) < memberCount }
}
