import ArtifactCache
import MLTuning
import PipelineKinds
import PipelineSpec

/// A search's study as a run takes it up and leaves it: what the earlier run
/// of the pipeline recorded decides which trials are replayed (from the
/// cache) before new ones are proposed, and the study is written again after
/// each batch, so a run stopped halfway is taken up where it stopped.
struct StudyBook {
    let path: String?
    let space: [String]
    let method: String
    let timeout: Double?
    /// The study an earlier run left, when there is one that can be read.
    let earlier: SearchStudy?
    /// Points of the earlier study of another space that lie in this one, to
    /// evaluate first (`resume: extend`); empty otherwise.
    let seeds: [[Double]]
    /// The trials of the same study recorded earlier: replayed before the timeout counts.
    let replayCount: Int
    /// When the same study stopped by the same timeout: replay exactly its trials, so a
    /// re-run of an unchanged pipeline gives the same results.
    let replayLimit: Int?

    init(search: SearchSpec, seed: Int, plan: SearchPlan, pipelineFile: String, store: any ArtifactStore) {
        path = store.stateDirectory.map { SearchStudy.path(forPipeline: pipelineFile, in: $0) }
        let space = SearchStudy.space(of: search), method = SearchStudy.method(of: search, seed: seed)
        let earlier = path.flatMap(SearchStudy.read)
        self.space = space
        self.method = method
        self.earlier = earlier
        timeout = plan.timeout
        let same = earlier.map { $0.space == space && $0.method == method } ?? false
        replayCount = same ? earlier?.trials.count ?? 0 : 0
        if same, let earlier, earlier.stoppedBy == .timeout, earlier.timeout == plan.timeout {
            replayLimit = earlier.trials.count
        } else {
            replayLimit = nil
        }
        if !same, plan.resume == .extend, let earlier {
            var seen = Set<[Double]>()
            seeds = earlier.trials.compactMap { Self.point(of: $0, in: search) }.filter { seen.insert($0).inserted }
        } else {
            seeds = []
        }
    }

    /// Writes the study as it stands; `stoppedBy` is nil while trials still run. A study that
    /// cannot be written costs the next run only its replay.
    func record(_ trials: [TrialResult], stoppedBy: SearchStudy.StopReason?) {
        guard let path else { return }
        let study = SearchStudy(
            space: space, method: method, trials: trials.map(\.parameters), stoppedBy: stoppedBy, timeout: timeout)
        try? study.write(to: path)
    }

    /// The coordinates of an earlier trial's values in `search`'s space; `nil` when a
    /// dimension has no value there or its value lies outside the dimension.
    static func point(of values: [String: TrialValue], in search: SearchSpec) -> [Double]? {
        var point: [Double] = []
        for dimension in search.space {
            guard let value = values[dimension.path.value] else { return nil }
            switch dimension.distribution.value {
            case .uniform(let low, let high), .logUniform(let low, let high):
                guard let number = value.number, number >= low, number <= high else { return nil }
                point.append(number)
            case .int(let low, let high, _):
                guard let number = value.number, number == number.rounded(), number >= Double(low), number <= Double(high)
                else { return nil }
                point.append(number)
            case .choice(let choices):
                guard let index = choices.firstIndex(where: { $0.trialValue == value }) else { return nil }
                point.append(Double(index))
            }
        }
        return point
    }
}

extension TrialValue {
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .bool, .string: nil
        }
    }
}
