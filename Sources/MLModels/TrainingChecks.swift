import MLCore

/// Checks shared by every model before training starts.
func validateTraining(_ train: RatingSet, scale: ClosedRange<Double>, kind: String) throws {
    guard train.count > 0 else {
        throw ModelError(.emptyTrainingSet, model: kind, "the training set has no ratings")
    }
    guard scale.lowerBound.isFinite, scale.upperBound.isFinite else {
        throw ModelError(.invalidParameter, model: kind, "the rating scale \(scale) must be finite")
    }
}

/// Throws `invalidParameter` unless `condition` holds.
func require(_ condition: Bool, kind: String, _ message: @autoclosure () -> String) throws {
    if !condition { throw ModelError(.invalidParameter, model: kind, message()) }
}

func allFinite(_ values: [Float]) -> Bool {
    values.withUnsafeBufferPointer { buffer in
        // Summing x * 0 yields NaN exactly when some x is NaN or infinite.
        var probe: Float = 0
        for value in buffer { probe += value * 0 }
        return !probe.isNaN
    }
}

func allFinite(_ values: [Double]) -> Bool {
    values.withUnsafeBufferPointer { buffer in
        var probe = 0.0
        for value in buffer { probe += value * 0 }
        return !probe.isNaN
    }
}

/// A hint for SGD models: a large learning rate is the usual cause of divergence.
func learningRateHint(_ learningRate: Double, default defaultRate: Double) -> String {
    "learning rate \(learningRate) is likely too high (the default is \(defaultRate))"
}

/// Throws `invalidParameter` for a negative retry count.
func requireValid(_ policy: DivergencePolicy, kind: String) throws {
    if case .retry(let times) = policy {
        try require(times >= 0, kind: kind, "retries must not be negative, got \(times)")
    }
}
