// `ease`: its configuration, then its fitted state.

extension EASE: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(parameters.lambda)
        writer.write(parameters.maxItems)
        parameters.baseline.encode(to: &writer)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            Parameters(
                lambda: try reader.readDouble(), maxItems: try reader.readInt(),
                baseline: try Baseline.Parameters(decoding: &reader)))
    }
}

extension EASE.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        baseline.encode(to: &writer)
        writer.write(itemCount)
        writer.write(weights)
        writer.write(rated.offsets)
        writer.write(rated.items)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let baseline = try Baseline.Fitted(decoding: &reader)
        let itemCount = try reader.readInt()
        let weights = try reader.readFloats()
        let offsets = try reader.readInts(), items = try reader.readInt32s()
        try reader.expect(
            itemCount >= 0 && itemCount.multipliedReportingOverflow(by: itemCount) == (weights.count, false),
            "ease weights are not items × items")
        try reader.expect(
            offsets.first == 0 && offsets.last == items.count && zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }
                && items.allSatisfy { $0 >= 0 && Int($0) < itemCount },
            "ease rated lists are malformed")
        self.init(
            baseline: baseline, weights: weights, itemCount: itemCount,
            rated: EASE.RatedLists(offsets: offsets, items: items))
    }
}
