extension ArtifactWriter {
    /// An enum case by its name in pipeline files.
    mutating func write<Value: RawRepresentable>(case value: Value) where Value.RawValue == String {
        write(value.rawValue)
    }

    /// Real lanes only, row by row: padding lanes are not stored.
    mutating func write(_ matrix: FactorMatrix) {
        write(matrix.rows)
        write(matrix.factors)
        var values = [Float]()
        values.reserveCapacity(matrix.rows * matrix.factors)
        let lanes = FactorMatrix.Chunk.scalarCount
        for row in 0..<matrix.rows {
            for factor in 0..<matrix.factors {
                values.append(matrix.storage[row * matrix.stride + factor / lanes][factor % lanes])
            }
        }
        write(values)
    }

    mutating func write(_ known: KnownIndices) { write(known.counts) }

    mutating func write(_ policy: DivergencePolicy) {
        switch policy {
        case .fail: write(-1)
        case .retry(let times): write(times)
        }
    }

    mutating func write(_ report: TrainingReport) {
        write(report.epochs)
        write(report.stoppedEarly)
        write(report.retries.map(\.epoch))
        write(report.retries.map(\.learningRate))
    }
}

extension ArtifactReader {
    mutating func readCase<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type
    ) throws(ModelArtifactError) -> Value where Value.RawValue == String {
        let name = try readString()
        guard let value = Value(rawValue: name) else {
            let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ModelArtifactError(.malformed, "'\(name)' is not one of \(known)")
        }
        return value
    }

    mutating func readFactorMatrix() throws(ModelArtifactError) -> FactorMatrix {
        let rows = try readCount(), factors = try readCount()
        let values = try readFloats()
        guard factors > 0, rows.multipliedReportingOverflow(by: factors) == (values.count, false) else {
            throw ModelArtifactError(.malformed, "a \(rows) × \(factors) factor matrix holds \(values.count) values")
        }
        var matrix = FactorMatrix(rows: rows, factors: factors)
        let lanes = FactorMatrix.Chunk.scalarCount
        for row in 0..<rows {
            for factor in 0..<factors {
                matrix.storage[row * matrix.stride + factor / lanes][factor % lanes] = values[row * factors + factor]
            }
        }
        return matrix
    }

    mutating func readDivergencePolicy() throws(ModelArtifactError) -> DivergencePolicy {
        let retries = try readInt()
        return retries < 0 ? .fail : .retry(times: retries)
    }

    mutating func readTrainingReport() throws(ModelArtifactError) -> TrainingReport {
        var report = TrainingReport()
        report.epochs = try readCount()
        report.stoppedEarly = try readBool()
        let epochs = try readInts(), rates = try readDoubles()
        try expect(epochs.count == rates.count, "the training report's retries disagree")
        report.retries = zip(epochs, rates).map { DivergenceRetry(epoch: $0, learningRate: $1) }
        return report
    }

    mutating func readKnownIndices() throws(ModelArtifactError) -> KnownIndices {
        KnownIndices(counts: try readInt32s())
    }

    /// Throws `malformed` unless `condition` holds.
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(ModelArtifactError) {
        if !condition { throw ModelArtifactError(.malformed, message()) }
    }
}
