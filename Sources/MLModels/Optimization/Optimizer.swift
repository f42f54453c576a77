import Foundation

/// The update rule that turns a gradient into a parameter step.
public enum OptimizerKind: String, Sendable, Hashable, CaseIterable {
    /// w ← w − lr·g.
    case sgd
    /// Heavy ball: m ← μ·m + g; w ← w − lr·m.
    case momentum
    /// v ← v + g²; w ← w − lr·g / (√v + ε).
    case adagrad
    /// v ← β₂·v + (1 − β₂)·g²; w ← w − lr·g / (√v + ε).
    case rmsprop
    /// Kingma & Ba 2015, with bias correction; the step count is global (one per update).
    case adam
}

/// An optimizer and its constants; the learning rate comes from the model
/// (and its schedule) at every epoch.
public struct OptimizerSettings: Sendable, Hashable {
    public var kind: OptimizerKind
    public var beta1: Double
    /// Adam's second-moment decay, and RMSprop's.
    public var beta2: Double
    public var eps: Double
    public var momentum: Double

    public init(
        _ kind: OptimizerKind = .sgd, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, momentum: Double = 0.9
    ) {
        self.kind = kind
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.momentum = momentum
    }

    /// Moment arrays the rule keeps per parameter: 0 (sgd), 1 (momentum, adagrad, rmsprop) or 2 (adam).
    public var slots: Int {
        switch kind {
        case .sgd: 0
        case .momentum, .adagrad, .rmsprop: 1
        case .adam: 2
        }
    }

    func validate(kind model: String) throws {
        try require(beta1 >= 0 && beta1 < 1, kind: model, "beta1 must be in [0, 1), got \(beta1)")
        try require(beta2 >= 0 && beta2 < 1, kind: model, "beta2 must be in [0, 1), got \(beta2)")
        try require(eps > 0, kind: model, "eps must be positive, got \(eps)")
        try require(momentum >= 0 && momentum < 1, kind: model, "momentum must be in [0, 1), got \(momentum)")
    }

    /// Runs `body` with the rule of `kind`: the one switch, outside every
    /// loop; the body is specialised for each rule.
    func run<Body: UpdateRuleBody>(_ body: Body) throws -> Body.Output {
        switch kind {
        case .sgd: try body.run(SGDRule())
        case .momentum: try body.run(MomentumRule(momentum: Float(momentum)))
        case .adagrad: try body.run(AdagradRule(eps: Float(eps)))
        case .rmsprop: try body.run(RMSpropRule(decay: Float(beta2), eps: Float(eps)))
        case .adam: try body.run(AdamRule(beta1: Float(beta1), beta2: Float(beta2), eps: Float(eps)))
        }
    }
}

/// Code generic over the update rule, run by `OptimizerSettings.run`.
protocol UpdateRuleBody {
    associatedtype Output
    func run<Rule: UpdateRule>(_ rule: Rule) throws -> Output
}

/// One optimizer's update of a parameter from its gradient and its moment
/// slots `m` and `v` (unused slots are left alone).
protocol UpdateRule: Sendable {
    /// Sets the constants of update number `step` (1-based) at learning rate `rate`.
    mutating func prepare(step: Int, rate: Float)
    func update(_ w: inout Float, gradient g: Float, _ m: inout Float, _ v: inout Float)
}

extension UpdateRule {
    /// Updates `count` parameters at `values` from `gradients`, each gradient
    /// multiplied by `scale` (1 / batch size); `first` and `second` are the
    /// moment slots, unused by rules with fewer.
    @inline(__always)
    func update(
        _ values: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, scale: Float,
        first: UnsafeMutablePointer<Float>, second: UnsafeMutablePointer<Float>, count: Int
    ) {
        for k in 0..<count { update(&values[k], gradient: gradients[k] * scale, &first[k], &second[k]) }
    }
}

struct SGDRule: UpdateRule {
    var rate: Float = 0
    mutating func prepare(step: Int, rate: Float) { self.rate = rate }
    @inline(__always)
    func update(_ w: inout Float, gradient g: Float, _ m: inout Float, _ v: inout Float) { w -= rate * g }
}

struct MomentumRule: UpdateRule {
    let momentum: Float
    var rate: Float = 0
    mutating func prepare(step: Int, rate: Float) { self.rate = rate }
    @inline(__always)
    func update(_ w: inout Float, gradient g: Float, _ m: inout Float, _ v: inout Float) {
        m = momentum * m + g
        w -= rate * m
    }
}

struct AdagradRule: UpdateRule {
    let eps: Float
    var rate: Float = 0
    mutating func prepare(step: Int, rate: Float) { self.rate = rate }
    @inline(__always)
    func update(_ w: inout Float, gradient g: Float, _ m: inout Float, _ v: inout Float) {
        m += g * g
        w -= rate * g / (m.squareRoot() + eps)
    }
}

struct RMSpropRule: UpdateRule {
    let decay: Float
    let eps: Float
    var rate: Float = 0
    mutating func prepare(step: Int, rate: Float) { self.rate = rate }
    @inline(__always)
    func update(_ w: inout Float, gradient g: Float, _ m: inout Float, _ v: inout Float) {
        m = decay * m + (1 - decay) * g * g
        w -= rate * g / (m.squareRoot() + eps)
    }
}

struct AdamRule: UpdateRule {
    let beta1: Float
    let beta2: Float
    let eps: Float
    /// lr / (1 − β₁ᵗ) and 1 / (1 − β₂ᵗ) for the current step.
    var stepRate: Float = 0
    var secondCorrection: Float = 1

    init(beta1: Float, beta2: Float, eps: Float) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }

    mutating func prepare(step: Int, rate: Float) {
        // Corrections in Double: β^t for large t underflows gracefully to 0.
        let t = Double(step)
        stepRate = Float(Double(rate) / (1 - pow(Double(beta1), t)))
        secondCorrection = Float(1 / (1 - pow(Double(beta2), t)))
    }

    @inline(__always)
    func update(_ w: inout Float, gradient g: Float, _ m: inout Float, _ v: inout Float) {
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w -= stepRate * m / ((v * secondCorrection).squareRoot() + eps)
    }
}
