/// Admits nodes while the memory they will hold fits the run's budget: a node
/// waits until enough running nodes have finished, in the order nodes asked.
/// A node that could never fit is refused by the caller before it asks.
actor MemoryGate {
    let budget: Int
    private var used = 0
    private var waiting: [(bytes: Int, resume: CheckedContinuation<Void, Never>)] = []

    init(budget: Int) { self.budget = budget }

    /// Waits until `bytes` fit beside what running nodes hold, then holds them.
    func acquire(_ bytes: Int) async {
        if waiting.isEmpty && used + bytes <= budget {
            used += bytes
            return
        }
        await withCheckedContinuation { continuation in waiting.append((bytes, continuation)) }
    }

    func release(_ bytes: Int) {
        used -= bytes
        // First come, first served: a large node is not overtaken for ever by small ones.
        while let first = waiting.first, used + first.bytes <= budget || used == 0 {
            waiting.removeFirst()
            used += first.bytes
            first.resume.resume()
        }
    }
}
