import MLCore
import Synchronization

/// When the kernel's hyper-parameters are refitted along a growing history, and from where.
///
/// Refitting costs O(n³) per likelihood evaluation, so it happens less often as the history
/// grows: after every trial up to 32, then every 2nd, 4th, 8th… trial (the step doubles with
/// the history, keeping about 16 refits per doubling). Between refits a proposal reuses the last
/// refit's hyper-parameters with the current data.
///
/// A refit starts from the previous refit's result (warm start) and from the default; at the
/// anchors (histories of 8, 16, 32, 64… trials) it starts afresh instead, from the default and
/// seeded random starts. The hyper-parameters for a history thus depend on that history alone,
/// never on which proposals were asked for before; recomputing them from nothing replays at most
/// the refits since the last anchor.
struct KernelFitSchedule: Sendable {
    var fit = KernelFit()
    /// Seeded random starts at an anchor.
    var anchorRandomStarts = 2

    /// The history length of the refit that a proposal after `n` trials uses.
    static func refitPoint(atOrBefore n: Int) -> Int {
        let step = Swift.max(1, 1 << Swift.max(0, (Int.bitWidth - 1 - (n / 16).leadingZeroBitCount)))
        return n < 32 ? n : n - n % step
    }

    /// The history length of the refit before the refit at `s` (0 when there is none).
    static func previousRefitPoint(before s: Int) -> Int { s <= 1 ? 0 : refitPoint(atOrBefore: s - 1) }

    static func isAnchor(_ s: Int) -> Bool { s >= 8 && s & (s - 1) == 0 }

    /// The hyper-parameters for a proposal after `history`, refitting what `memory` lacks.
    /// `model(s)` gives the training data of the first `s` trials (nil when too few succeeded).
    func parameters(
        for history: [Observation], memory: FitMemory, seed: UInt64, encoding: InputEncoding,
        model: (Int) -> BayesianOptimization.Model?
    ) -> (refit: Int, parameters: KernelParameters)? {
        let target = Self.refitPoint(atOrBefore: history.count)
        var known = memory.fits(valid: history)
        // The refits to replay, newest first, back to a known one or an anchor.
        var pending: [Int] = []
        var s = target
        while s > 0 && known[s] == nil {
            pending.append(s)
            if Self.isAnchor(s) { break }
            s = Self.previousRefitPoint(before: s)
        }
        var computed: [Int: KernelParameters] = [:]
        for s in pending.reversed() {
            guard let data = model(s) else { continue }
            let previous = Self.isAnchor(s) ? nil : lastFit(before: s, known: known)
            var generator = Streams.generator(seed: seed, "kernel fit", index: s)
            let parameters = fit.fit(
                inputs: data.inputs, targets: data.targets, encoding: encoding, warmStart: previous,
                randomStarts: previous == nil ? anchorRandomStarts : 0, generator: &generator)
            known[s] = parameters
            computed[s] = parameters
        }
        if !computed.isEmpty { memory.remember(computed, history: history) }
        guard let parameters = lastFit(before: target + 1, known: known) else { return nil }
        return (target, parameters)
    }

    /// The newest fit of a refit point before `s` that `known` holds, back to the last anchor.
    private func lastFit(before s: Int, known: [Int: KernelParameters]) -> KernelParameters? {
        var point = Self.previousRefitPoint(before: s)
        while point > 0 {
            if let parameters = known[point] { return parameters }
            if Self.isAnchor(point) { return nil }
            point = Self.previousRefitPoint(before: point)
        }
        return nil
    }
}

/// What a search has computed about its kernel along one history: the fitted hyper-parameters
/// at each refit and the last kernel factor. Entries belong to a prefix of the history they were
/// computed on and are used only for histories that share that prefix, so a cached entry is
/// exactly what recomputing it would give, and proposals stay a function of the history alone.
final class FitMemory: Sendable {
    private struct State {
        var history: [Observation] = []
        var fits: [Int: KernelParameters] = [:]
        var factor: KernelFactor?
    }
    private let state = Mutex(State())

    init() {}

    /// The fits whose history is a prefix of `history`.
    func fits(valid history: [Observation]) -> [Int: KernelParameters] {
        state.withLock { state in
            let common = Self.commonPrefix(state.history, history)
            return state.fits.filter { $0.key <= common }
        }
    }

    /// The last factor, when its rows are a prefix of `history` and its hyper-parameters are
    /// `parameters`.
    func factor(valid history: [Observation], parameters: KernelParameters) -> KernelFactor? {
        state.withLock { state in
            guard let factor = state.factor, factor.parameters == parameters,
                factor.rows <= Self.commonPrefix(state.history, history)
            else { return nil }
            return factor
        }
    }

    func remember(_ fits: [Int: KernelParameters], history: [Observation]) {
        state.withLock { state in
            adopt(history, into: &state)
            state.fits.merge(fits) { _, new in new }
        }
    }

    func remember(factor: KernelFactor, history: [Observation]) {
        state.withLock { state in
            adopt(history, into: &state)
            state.factor = factor
        }
    }

    /// Makes `history` the remembered one, dropping what belongs to a different history.
    private func adopt(_ history: [Observation], into state: inout State) {
        let common = Self.commonPrefix(state.history, history)
        if common < state.history.count {
            state.fits = state.fits.filter { $0.key <= common }
            if let factor = state.factor, factor.rows > common { state.factor = nil }
        }
        state.history = history
    }

    private static func commonPrefix(_ a: [Observation], _ b: [Observation]) -> Int {
        var k = 0
        let end = Swift.min(a.count, b.count)
        while k < end && a[k] == b[k] { k += 1 }
        return k
    }
}
