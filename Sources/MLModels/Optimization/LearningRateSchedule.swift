import Foundation

/// How the learning rate changes from epoch to epoch.
public enum LearningRateSchedule: Sendable, Hashable {
    /// The same rate every epoch.
    case constant
    /// lr · decay^(epoch − 1).
    case exponential(decay: Double)
    /// lr · ½(1 + cos(π (epoch − 1) / epochs)): from lr down towards 0 at the last epoch.
    case cosine

    public var name: String {
        switch self {
        case .constant: "constant"
        case .exponential: "exponential"
        case .cosine: "cosine"
        }
    }

    /// The rate of epoch `epoch` (1-based) of `epochs`, from the base rate `rate`.
    public func rate(_ rate: Double, epoch: Int, of epochs: Int) -> Double {
        switch self {
        case .constant:
            return rate
        case .exponential(let decay):
            return rate * pow(decay, Double(epoch - 1))
        case .cosine:
            guard epochs > 0 else { return rate }
            return rate * 0.5 * (1 + cos(Double.pi * Double(epoch - 1) / Double(epochs)))
        }
    }

    func validate(kind: String) throws {
        if case .exponential(let decay) = self {
            try require(decay > 0 && decay <= 1, kind: kind, "lr_decay must be in (0, 1], got \(decay)")
        }
    }
}
