/// How much memory a model's fit will hold, estimated from the data's shape
/// and its parameters before it starts, so that a run can refuse or hold back
/// a fit that would not fit rather than be killed by the kernel halfway.
/// Estimates count the large arrays (factors, similarities, indices, copies
/// of the training columns); small bookkeeping is left out.
public protocol FitMemoryEstimating {
    /// Bytes the fit will hold at its peak for `rows` training ratings over `users` and `items`.
    func fitMemory(rows: Int, users: Int, items: Int) -> FitMemory
}

/// A fit's estimated peak memory, what it is made of, and the parameter that drives it.
public struct FitMemory: Sendable, Equatable {
    public var bytes: Int
    public var breakdown: String
    /// The parameter to lower (or the data to sample) when it does not fit.
    public var remedy: String
}

/// The columns of a training part and its index by user and item: what every fit copies.
private func trainingBytes(rows: Int, users: Int, items: Int) -> Int {
    rows.multipliedReportingOverflow(by: 24 + 2 * 12).partialValue &+ (users + items + 2) * 16
}

private func saturating(_ parts: [Int]) -> Int {
    parts.reduce(0) { total, part in
        let (sum, overflow) = total.addingReportingOverflow(part)
        return overflow ? Int.max : sum
    }
}

private func product(_ factors: Int...) -> Int {
    factors.reduce(1) { total, factor in
        let (value, overflow) = total.multipliedReportingOverflow(by: factor)
        return overflow ? Int.max : value
    }
}

extension MatrixFactorization: FitMemoryEstimating {
    public func fitMemory(rows: Int, users: Int, items: Int) -> FitMemory {
        let width = (parameters.factors + 7) / 8 * 8  // rows padded to whole SIMD chunks
        let factors = product(users + items, width, 4)
        let bytes = saturating([factors, trainingBytes(rows: rows, users: users, items: items), product(rows, 24)])
        return FitMemory(
            bytes: bytes, breakdown: "\(parameters.factors) factors × (\(users) users + \(items) items), \(rows) ratings",
            remedy: "use fewer factors, or sample the data")
    }
}

extension SVDPlusPlus: FitMemoryEstimating {
    public func fitMemory(rows: Int, users: Int, items: Int) -> FitMemory {
        let width = (parameters.factors + 7) / 8 * 8
        let factors = product(users + 2 * items, width, 4)
        let bytes = saturating([factors, trainingBytes(rows: rows, users: users, items: items), product(rows, 12)])
        return FitMemory(
            bytes: bytes, breakdown: "\(parameters.factors) factors × (\(users) users + 2 × \(items) items), \(rows) ratings",
            remedy: "use fewer factors, or sample the data")
    }
}

extension AlternatingLeastSquares: FitMemoryEstimating {
    public func fitMemory(rows: Int, users: Int, items: Int) -> FitMemory {
        let width = parameters.factors + 1
        let factors = product(users + items, width, 8)
        let systems = product(max(parameters.threads, 1), width, width, 8 * 2)
        let bytes = saturating([factors, systems, trainingBytes(rows: rows, users: users, items: items)])
        return FitMemory(
            bytes: bytes, breakdown: "\(parameters.factors) factors × (\(users) users + \(items) items), \(rows) ratings",
            remedy: "use fewer factors, or sample the data")
    }
}

extension NearestNeighbours: FitMemoryEstimating {
    public func fitMemory(rows: Int, users: Int, items: Int) -> FitMemory {
        let entities = parameters.on == .items ? items : users
        // While fitting: a count and four or six sums per pair (28 bytes), then the similarities.
        let pairs = product(entities, entities)
        let bytes = saturating([product(pairs, 28), trainingBytes(rows: rows, users: users, items: items)])
        return FitMemory(
            bytes: bytes, breakdown: "a dense \(entities) × \(entities) similarity matrix at 28 bytes per pair",
            remedy: "compare \(parameters.on == .items ? "users" : "items") instead if there are fewer, or sample the data")
    }
}

extension SlopeOne: FitMemoryEstimating {
    public func fitMemory(rows: Int, users: Int, items: Int) -> FitMemory {
        let bytes = saturating([product(items, items, 12), trainingBytes(rows: rows, users: users, items: items)])
        return FitMemory(
            bytes: bytes, breakdown: "\(items) × \(items) item deviations and counts at 12 bytes per pair",
            remedy: "sample the data, keeping fewer items")
    }
}

extension Baseline: FitMemoryEstimating {
    public func fitMemory(rows: Int, users: Int, items: Int) -> FitMemory {
        FitMemory(
            bytes: trainingBytes(rows: rows, users: users, items: items), breakdown: "\(rows) ratings and their index",
            remedy: "sample the data")
    }
}
