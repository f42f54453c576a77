import PipelineGraph

/// Which units of work are ready, given which have finished. A unit is the
/// first node (in topological order) of each fingerprint; later nodes with the
/// same fingerprint wait for it.
struct Schedule {
    private var waitingInputs: [Int]
    private var dependantUnits: [[Int]]
    private var inputUnits: [[Int]]
    private var unusedBy: [Int]
    private var isSink: [Bool]
    private var ready: [Int] = []
    private var cursor = 0
    private var settled: [Bool]
    /// Whether a unit runs on inputs that failed (`runsWithFailedInputs`).
    private var tolerant: [Bool]
    /// Units whose inputs include a failed one or a partial result: their result is partial.
    private var partial: [Bool]

    /// `keeping[i]`: node `i`'s result stays in memory to the end, as sinks' do.
    init(graph: OperationGraph, plan: Plan, keeping: [Bool] = []) {
        let count = graph.nodes.count
        var unitOf = Array(0..<count)
        for (index, planned) in plan.nodes.enumerated() {
            if let primary = planned.sharesResultWith.flatMap(graph.index(of:)) { unitOf[index] = primary }
        }
        var inputs = Array(repeating: [Int](), count: count)
        var dependants = Array(repeating: [Int](), count: count)
        for index in 0..<count where unitOf[index] == index {
            let direct = graph.inputs(of: index).map { unitOf[$0] }
            // Most nodes take one input or none: no set is built for those.
            let units = direct.count < 2 ? direct : Array(Set(direct)).sorted()
            inputs[index] = units
            for unit in units { dependants[unit].append(index) }
        }
        waitingInputs = inputs.map(\.count)
        inputUnits = inputs
        dependantUnits = dependants
        unusedBy = dependants.map(\.count)
        isSink = (0..<count).map { graph.dependants(of: $0).isEmpty || ($0 < keeping.count && keeping[$0]) }
        settled = (0..<count).map { unitOf[$0] != $0 }
        ready = (0..<count).filter { unitOf[$0] == $0 && inputs[$0].isEmpty }
        tolerant = graph.nodes.indices.map { graph.nodes[$0].operation.runsWithFailedInputs }
        partial = Array(repeating: false, count: count)
    }

    /// Whether `unit` runs on a failed input or a partial result.
    func isPartial(_ unit: Int) -> Bool { partial[unit] }

    mutating func nextReady() -> Int? {
        guard cursor < ready.count else { return nil }
        defer { cursor += 1 }
        return ready[cursor]
    }

    /// Marks `unit` done and makes the units waiting only for it ready.
    /// A partial unit passes that on to its dependants.
    mutating func finish(_ unit: Int) {
        settled[unit] = true
        for dependant in dependantUnits[unit] {
            if partial[unit] { partial[dependant] = true }
            inputSettled(dependant)
        }
    }

    private mutating func inputSettled(_ unit: Int) {
        waitingInputs[unit] -= 1
        if waitingInputs[unit] == 0 && !settled[unit] { ready.append(unit) }
    }

    /// Marks `unit` failed; returns every unit that depends on it, now skipped.
    /// With `tolerating`, a dependant that runs with failed inputs is not
    /// skipped (nor what follows it) but waits for its other inputs, as a partial unit.
    mutating func fail(_ unit: Int, tolerating: Bool = false) -> [Int] {
        settled[unit] = true
        var skipped: [Int] = []
        var pending = dependantUnits[unit]
        while let next = pending.popLast() {
            guard !settled[next] else { continue }
            if tolerating && tolerant[next] {
                partial[next] = true
                inputSettled(next)
                continue
            }
            settled[next] = true
            skipped.append(next)
            pending += dependantUnits[next]
        }
        return skipped.sorted()
    }

    /// Input units of `unit` whose results no unit needs any more (sinks are kept for the report).
    mutating func releasable(after unit: Int) -> [Int] {
        var released: [Int] = []
        for input in inputUnits[unit] {
            unusedBy[input] -= 1
            if unusedBy[input] == 0 && !isSink[input] { released.append(input) }
        }
        return released
    }
}
