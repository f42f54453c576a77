import PipelineBasics

/// A checked, acyclic graph of nodes in topological order.
///
/// Build one from nodes in any order; ties in the order keep the order given,
/// so the same nodes always give the same graph.
public struct OperationGraph: Sendable {
    /// All nodes, each after all of its inputs.
    public let nodes: [Node]
    private let indexByID: [String: Int]
    private let dependants: [[Int]]
    private let inputIndices: [[Int]]

    /// - Throws: `GraphError` for duplicate ids, inputs that name no node, or a cycle (with its path).
    /// - Complexity: O(V + E) dictionary lookups; the order is computed on positions, not ids.
    public init(_ nodes: [Node]) throws(GraphError) {
        var seen: [String: Int] = [:]
        seen.reserveCapacity(nodes.count)
        // By index, here and below: a copy of a node is four references to count.
        for index in nodes.indices {
            let id = nodes[index].id
            guard seen[id] == nil else { throw GraphError(.duplicateNode, "two nodes are named '\(id)'") }
            seen[id] = index
        }
        var successors = Array(repeating: [Int](), count: nodes.count)
        var inputs = Array(repeating: [Int](), count: nodes.count)
        for index in nodes.indices {
            for input in nodes[index].inputs {
                guard let producer = seen[input] else {
                    throw GraphError(.unknownInput, "node '\(nodes[index].id)' takes input '\(input)', which is not a node")
                }
                successors[producer].append(index)
                inputs[index].append(producer)
            }
        }
        let order: [Int]
        switch topologicalSort(count: nodes.count, successors: { successors[$0] }) {
        case .success(let sorted): order = sorted
        case .failure(let cycle):
            throw GraphError(.cycle, "the graph has a cycle: \(cycle.path.map { nodes[$0].id }.joined(separator: " -> "))")
        }
        var position = Array(repeating: 0, count: nodes.count)
        for (sorted, original) in order.enumerated() { position[original] = sorted }
        var dependants = Array(repeating: [Int](), count: nodes.count)
        var inputIndices = Array(repeating: [Int](), count: nodes.count)
        for (sorted, original) in order.enumerated() {
            inputIndices[sorted] = inputs[original].map { position[$0] }
            for producer in inputIndices[sorted] { dependants[producer].append(sorted) }
        }
        self.nodes = order.map { nodes[$0] }
        // The same keys with new values: no id is hashed again.
        self.indexByID = seen.mapValues { position[$0] }
        self.dependants = dependants
        self.inputIndices = inputIndices
    }

    public func node(_ id: String) -> Node? {
        indexByID[id].map { nodes[$0] }
    }

    /// The position of a node in `nodes`.
    public func index(of id: String) -> Int? { indexByID[id] }

    /// Positions of the nodes that take node `index`'s result as an input.
    public func dependants(of index: Int) -> [Int] { dependants[index] }

    /// Positions of node `index`'s inputs, in input order.
    public func inputs(of index: Int) -> [Int] { inputIndices[index] }
}
