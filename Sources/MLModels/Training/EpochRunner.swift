/// Runs the epochs of an iterative fit in one place for every model: after each
/// epoch it checks that the state is finite, applies the divergence policy and
/// asks the observer whether to go on.
struct EpochRunner {
    let kind: String
    let epochs: Int
    let observer: EpochObserver?
    var divergence: DivergencePolicy = .fail
    /// The rate of each epoch from the base rate (constant: the base rate itself).
    var schedule: LearningRateSchedule = .constant

    /// Runs up to `epochs` epochs on `state` at `learningRate`; returns the
    /// training loss of each epoch kept and what happened. Under `.retry`, an
    /// epoch that leaves the state non-finite is run again from the state
    /// before it at half the learning rate. `current` builds a predictor of a
    /// state, only when an observer asks for one.
    func run<State>(
        state: inout State, learningRate: Double,
        epoch: (inout State, _ learningRate: Double) throws -> Double,
        isFinite: (State) -> Bool,
        likelyCause: (_ learningRate: Double) -> String,
        current: (State, [Double]) -> any RatingPredictor
    ) throws -> (losses: [Double], report: TrainingReport) {
        var losses: [Double] = []
        losses.reserveCapacity(epochs)
        var report = TrainingReport()
        var rate = learningRate
        let retries: Int
        switch divergence {
        case .fail: retries = 0
        case .retry(let times): retries = times
        }
        var number = 1
        let checkpoint = observer?.checkpoint
        if let checkpoint, let saved = CheckpointFile.read(State.self, kind: kind, from: checkpoint), saved.epoch <= epochs {
            (state, rate, losses, report) = (saved.state, saved.learningRate, saved.losses, saved.report)
            report.resumedAfter = saved.epoch
            number = saved.epoch + 1
        }
        let clock = ContinuousClock()
        var lastSaved = clock.now
        while number <= epochs {
            // A copy only under retry: the epoch's writes then copy the arrays once.
            let before: State? = retries > report.retries.count ? state : nil
            let loss = try epoch(&state, schedule.rate(rate, epoch: number, of: epochs))
            if let error = divergence(
                loss: loss, parametersFinite: isFinite(state), epoch: number, likelyCause: likelyCause(rate))
            {
                guard let before else { throw error }
                state = before
                rate /= 2
                report.retries.append(DivergenceRetry(epoch: number, learningRate: rate))
                continue
            }
            losses.append(loss)
            report.epochs = number
            if let checkpoint, number < epochs, lastSaved.duration(to: clock.now) >= checkpoint.interval {
                var saved = report
                saved.resumedAfter = nil
                CheckpointFile.write(
                    SavedEpochs(epoch: number, learningRate: rate, losses: losses, report: saved, state: state), kind: kind,
                    to: checkpoint)
                lastSaved = clock.now
            }
            if let observe = observer?.observe, try observe(number, current(state, losses)) == .stop {
                report.stoppedEarly = number < epochs
                break
            }
            number += 1
        }
        return (losses, report)
    }

    /// `run` for fits without a learning rate (ALS, baseline ALS): divergence always fails.
    func run<State>(
        state: inout State,
        epoch: (inout State) throws -> Double,
        isFinite: (State) -> Bool,
        likelyCause: @autoclosure () -> String,
        current: (State, [Double]) -> any RatingPredictor
    ) throws -> [Double] {
        var runner = self
        runner.divergence = .fail
        return try runner.run(
            state: &state, learningRate: 0, epoch: { state, _ in try epoch(&state) }, isFinite: isFinite,
            likelyCause: { _ in likelyCause() }, current: current
        ).losses
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
