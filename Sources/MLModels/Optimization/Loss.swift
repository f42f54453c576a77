/// The loss a gradient-trained model minimises on each observed rating, as a
/// function of the error e = rating − prediction.
public enum TrainingLoss: Sendable, Hashable {
    /// ½e², the classic squared error (its gradient is −e).
    case mse
    /// |e|: less pull from outliers; its gradient is −sign(e), 0 at 0.
    case mae
    /// ½e² within ±delta, linear beyond (Huber 1964).
    case huber(delta: Double)

    public var name: String {
        switch self {
        case .mse: "mse"
        case .mae: "mae"
        case .huber: "huber"
        }
    }

    /// The loss's value at error `e`.
    public func value(error e: Double) -> Double {
        switch self {
        case .mse: return 0.5 * e * e
        case .mae: return abs(e)
        case .huber(let delta): return abs(e) <= delta ? 0.5 * e * e : delta * (abs(e) - 0.5 * delta)
        }
    }

    /// d loss / d prediction at error `e` (the error's sign flipped).
    @inline(__always)
    func gradient(error e: Float, delta: Float) -> Float {
        switch self {
        case .mse: return -e
        case .mae: return e > 0 ? -1 : (e < 0 ? 1 : 0)
        case .huber: return -min(max(e, -delta), delta)
        }
    }

    /// The Huber threshold as Float (1 for the others, unused).
    var delta: Float {
        if case .huber(let delta) = self { return Float(delta) }
        return 1
    }

    func validate(kind: String) throws {
        if case .huber(let delta) = self {
            try require(delta > 0, kind: kind, "huber_delta must be positive, got \(delta)")
        }
    }
}
