/// Runs the epochs of an iterative fit in one place for every model: after each
/// epoch it checks that the state is finite and asks the observer whether to go on.
struct EpochRunner {
    let kind: String
    let epochs: Int
    let observer: EpochObserver?

    /// Runs up to `epochs` epochs on `state`; returns the training loss of each
    /// epoch run. `current` builds a predictor of a state, only when an observer
    /// asks for one.
    func run<State>(
        state: inout State,
        epoch: (inout State) throws -> Double,
        isFinite: (State) -> Bool,
        likelyCause: @autoclosure () -> String,
        current: (State, [Double]) -> any RatingPredictor
    ) throws -> [Double] {
        var losses: [Double] = []
        losses.reserveCapacity(epochs)
        for number in stride(from: 1, through: epochs, by: 1) {
            let loss = try epoch(&state)
            if let error = divergence(loss: loss, parametersFinite: isFinite(state), epoch: number, likelyCause: likelyCause()) {
                throw error
            }
            losses.append(loss)
            if let observer, try observer.observe(number, current(state, losses)) == .stop { break }
        }
        return losses
    }

    /// The error of an epoch whose loss or parameters are not finite, naming
    /// the epoch and the likely cause; nil when all is finite.
    func divergence(loss: Double, parametersFinite: Bool, epoch: Int, likelyCause: String) -> ModelError? {
        guard !(loss.isFinite && parametersFinite) else { return nil }
        let what = loss.isFinite ? "a parameter became" : "the training loss became"
        return ModelError(
            .diverged, model: kind,
            "training diverged in epoch \(epoch) of \(epochs): \(what) NaN or infinite; \(likelyCause)")
    }
}
