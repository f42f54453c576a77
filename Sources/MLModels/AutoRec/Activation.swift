import Foundation

/// The nonlinearity of a layer of `autorec`.
public enum Activation: String, Sendable, Hashable, CaseIterable {
    case sigmoid, relu, tanh, identity

    /// Applies the function to `count` values in place.
    @inline(__always)
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .sigmoid: for k in 0..<count { values[k] = 1 / (1 + expf(-values[k])) }
        case .relu: for k in 0..<count { values[k] = max(values[k], 0) }
        case .tanh: for k in 0..<count { values[k] = tanhf(values[k]) }
        case .identity: break
        }
    }

    /// The derivative at the point whose output is `a` (every case here is
    /// a function of its output).
    @inline(__always)
    func derivative(output a: Float) -> Float {
        switch self {
        case .sigmoid: a * (1 - a)
        case .relu: a > 0 ? 1 : 0
        case .tanh: 1 - a * a
        case .identity: 1
        }
    }

    @inline(__always)
    func value(_ z: Float) -> Float {
        switch self {
        case .sigmoid: 1 / (1 + expf(-z))
        case .relu: max(z, 0)
        case .tanh: tanhf(z)
        case .identity: z
        }
    }
}

/// How `autorec` draws its initial weights (biases start at zero).
public enum WeightInit: String, Sendable, Hashable, CaseIterable {
    /// Glorot & Bengio 2010: uniform on ±√(6 / (fan in + fan out)).
    case xavier
    /// He et al. 2015: normal with deviation √(2 / fan in), for relu layers.
    case he
    /// Normal with deviation 0.01.
    case normal
}
