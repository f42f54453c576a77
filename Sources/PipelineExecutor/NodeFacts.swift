import ArtifactCache
import PipelineGraph

/// What the planner needs of a node that depends on no other node: its
/// configuration, also in canonical form, and the current hashes
/// of the outputs the previous lock records. Computed for all nodes up front,
/// in parallel, before the fingerprints are chained in order.
struct NodeFacts: Sendable {
    var configuration: ConfigValue
    var canonicalConfiguration: [UInt8]
    /// By position in the operation's output files: the file's hash now, `nil`
    /// when it is not recorded or cannot be read. Empty when nothing is recorded.
    var outputHashes: [String?] = []
    /// The positions of the outputs the previous lock records, whose hashes
    /// the planner takes for all nodes at once (`withOutputHashes`).
    var recordedOutputs: [Int] = []

    /// `recorded`: the outputs the previous lock records for the node.
    init(_ operation: any PipelineOperation, recorded: [String: String]?) {
        // Built once: an operation's configuration is computed on each access.
        configuration = operation.configuration
        canonicalConfiguration = configuration.canonicalBytes
        guard let recorded, !recorded.isEmpty else { return }
        let outputs = operation.outputFiles
        outputHashes = Array(repeating: nil, count: outputs.count)
        recordedOutputs = outputs.indices.filter { recorded[outputs[$0]] != nil }
    }
}

extension [NodeFacts] {
    /// Fills in the hashes of the recorded outputs of all nodes, asked of
    /// `store` in one batch; `resolve` makes a node's output path absolute.
    mutating func withOutputHashes(of graph: OperationGraph, from store: any ArtifactStore, resolve: (String) -> String) {
        var slots: [(node: Int, position: Int)] = []
        var paths: [String] = []
        for node in indices {
            guard !self[node].recordedOutputs.isEmpty else { continue }
            let outputs = graph.nodes[node].operation.outputFiles
            for position in self[node].recordedOutputs {
                slots.append((node, position))
                paths.append(resolve(outputs[position]))
            }
        }
        for (slot, hash) in zip(slots, store.hashFiles(at: paths)) {
            self[slot.node].outputHashes[slot.position] = try? hash.get()
        }
    }
}
