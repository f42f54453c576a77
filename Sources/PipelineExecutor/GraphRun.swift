import ArtifactCache
import PipelineGraph

/// One run of a planned graph. Nodes with equal fingerprints form one unit of
/// work (run once, result shared); units run when all their input units are done.
final class GraphRun: Sendable {
    let executor: Executor
    let graph: OperationGraph
    let plan: Plan
    let previous: LockFile?
    let progress: ProgressHandler
    let memo = ResultMemo()
    /// Whether the caller reads node `i`'s artifact from the report; indexed
    /// by unit, so a node sharing another's result marks that one.
    let wanted: [Bool]
    /// Inputs computed again inside another node's run because their stored
    /// entry was missing or damaged, by index.
    let recomputed = RecomputedResults()
    let journal: StageJournal
    /// Outputs (resolved paths) that a run which died was writing: mass's own, and partial.
    let partialOutputs: Set<String>
    /// Holds back nodes whose memory would not fit beside the running ones (`--memory`).
    let memory: MemoryGate

    init(
        executor: Executor, graph: OperationGraph, plan: Plan, previous: LockFile?, wanted ids: [String]?,
        progress: @escaping ProgressHandler
    ) {
        self.executor = executor
        self.graph = graph
        self.plan = plan
        self.previous = previous
        self.progress = progress
        var wanted = Array(repeating: false, count: graph.nodes.count)
        let indices =
            ids.map { $0.compactMap(graph.index(of:)) } ?? graph.nodes.indices.filter { graph.dependants(of: $0).isEmpty }
        for index in indices {
            wanted[index] = true
            if let primary = plan.nodes[index].sharesResultWith.flatMap(graph.index(of:)) { wanted[primary] = true }
        }
        self.wanted = wanted
        journal = StageJournal(stateDirectory: executor.store.stateDirectory)
        memory = MemoryGate(budget: executor.options.effectiveMemoryBudget)
        partialOutputs = journal.sweep(workingDirectory: executor.workingDirectory)
    }

    func execute() async -> RunReport {
        var schedule = Schedule(graph: graph, plan: plan, keeping: wanted)
        var outcomes = Array(repeating: RunReport.Outcome.notStarted, count: graph.nodes.count)
        var lockNodes: [Int: LockedNode] = [:]
        var cancelled = false
        var stopped = false
        // Units that failed or were skipped: a partial unit gets `.none` for them.
        var missing: Set<Int> = []
        progress(.started(total: graph.nodes.count, toRun: plan.nodes.filter { $0.decision == .run }.count))

        await withTaskGroup(of: FinishedUnit.self) { group in
            var running = 0
            while true {
                if Task.isCancelled {
                    cancelled = true
                    stopped = true
                }
                while !stopped, running < executor.options.jobs, let unit = schedule.nextReady() {
                    let kept: LockedNode? =
                        plan.nodes[unit].decision == .cached
                        ? reuse(unit) : schedule.isPartial(unit) ? nil : keepAfterCutOff(unit, finished: lockNodes)
                    if let kept {
                        outcomes[unit] = .cached
                        lockNodes[unit] = kept
                        progress(.nodeFinished(id: graph.nodes[unit].id, milliseconds: 0, cached: true))
                        schedule.finish(unit)
                        continue
                    }
                    running += 1
                    progress(.nodeStarted(id: graph.nodes[unit].id))
                    let partial = schedule.isPartial(unit)
                    let absent = missing
                    group.addTask {
                        do {
                            let result = try await self.compute(unit, partialWithout: partial ? absent : nil)
                            return FinishedUnit(unit: unit, result: .success(result), partial: partial)
                        } catch {
                            return FinishedUnit(unit: unit, result: .failure(error), partial: partial)
                        }
                    }
                }
                if running == 0 { break }
                guard let finished = await group.next() else { break }
                let unit = finished.unit, result = finished.result
                running -= 1
                let id = graph.nodes[unit].id
                switch result {
                case .success(let stored) where finished.partial:
                    // Neither stored nor locked: the next run computes it whole.
                    outcomes[unit] = .partial(milliseconds: stored.milliseconds)
                    progress(.nodeFinished(id: id, milliseconds: stored.milliseconds, cached: false))
                    schedule.finish(unit)
                case .success(let stored):
                    outcomes[unit] = .executed(milliseconds: stored.milliseconds)
                    let locked = lockedNode(unit, stored)
                    lockNodes[unit] = locked
                    if let before = previous?.node(id), before.fingerprint != locked.fingerprint,
                        before.outputs == locked.outputs
                    {
                        progress(.outputUnchanged(id: id))
                    }
                    progress(.nodeFinished(id: id, milliseconds: stored.milliseconds, cached: false))
                    schedule.finish(unit)
                case .failure(let error) where error is CancellationError || Task.isCancelled:
                    cancelled = true
                    stopped = true
                case .failure(let error):
                    outcomes[unit] = .failed(message: "\(error)")
                    progress(.nodeFailed(id: id, message: "\(error)"))
                    missing.insert(unit)
                    for skipped in schedule.fail(unit, tolerating: executor.options.keepGoing) {
                        outcomes[skipped] = .skipped(dependency: id)
                        missing.insert(skipped)
                        progress(.nodeSkipped(id: graph.nodes[skipped].id, dependency: id))
                    }
                    if !executor.options.keepGoing { stopped = true }
                }
                for input in schedule.releasable(after: unit) { memo[plan.nodes[input].fingerprint] = nil }
            }
        }

        // Inputs whose stored entry turned out damaged ran again after all.
        for (index, result) in recomputed.all {
            outcomes[index] = .executed(milliseconds: result.milliseconds)
            lockNodes[index] = lockedNode(index, result)
        }
        // Nodes that share a unit's result take its outcome.
        for (index, planned) in plan.nodes.enumerated() {
            guard let primaryID = planned.sharesResultWith, let primary = graph.index(of: primaryID) else { continue }
            switch outcomes[primary] {
            case .executed, .cached:
                outcomes[index] = .cached
                if let shared = lockNodes[primary] {
                    var locked = shared
                    locked.id = graph.nodes[index].id
                    locked.inputs = graph.nodes[index].inputs
                    locked.configuration = planned.configuration
                    lockNodes[index] = locked
                }
            default:
                outcomes[index] = outcomes[primary]
            }
        }
        let report = RunReport(
            outcomes: Dictionary(uniqueKeysWithValues: graph.nodes.indices.map { (graph.nodes[$0].id, outcomes[$0]) }),
            lock: lock(with: lockNodes), artifacts: wantedArtifacts(), wasCancelled: cancelled)
        progress(.finished(succeeded: report.succeeded, cancelled: cancelled))
        return report
    }

    /// The new lock: the previous records of nodes still in the graph that did
    /// not finish this time, replaced by the records of those that did.
    private func lock(with finished: [Int: LockedNode]) -> LockFile {
        // The previous records come sorted by id: kept in that order, the new lock needs no real sort.
        var nodes: [LockedNode] = []
        nodes.reserveCapacity(max(previous?.nodes.count ?? 0, finished.count))
        var position: [String: Int] = [:]
        position.reserveCapacity(nodes.capacity)
        for node in previous?.nodes ?? [] where graph.index(of: node.id) != nil {
            if let earlier = position[node.id] {
                nodes[earlier] = node  // a repeated record: the last one counts
                continue
            }
            position[node.id] = nodes.count
            nodes.append(node)
        }
        for (_, node) in finished {
            if let at = position[node.id] {
                nodes[at] = node
            } else {
                position[node.id] = nodes.count
                nodes.append(node)
            }
        }
        return LockFile(nodes: nodes)
    }

    private func wantedArtifacts() -> [String: Artifact] {
        var artifacts: [String: Artifact] = [:]
        for index in graph.nodes.indices where wanted[index] {
            let fingerprint = plan.nodes[index].fingerprint
            if let result = memo[fingerprint] ?? storedResult(fingerprint) {
                artifacts[graph.nodes[index].id] = result.artifact
            }
        }
        return artifacts
    }
}

/// A unit of work that ended, successfully or not.
private struct FinishedUnit: Sendable {
    var unit: Int
    var result: Result<StoredResult, any Error>
    /// It ran on failed inputs: its result is partial.
    var partial: Bool
}
