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

    /// - Throws: `GraphError` for duplicate ids, inputs that name no node, or a cycle (with its path).
    public init(_ nodes: [Node]) throws(GraphError) {
        var seen: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            guard seen[node.id] == nil else { throw GraphError(.duplicateNode, "two nodes are named '\(node.id)'") }
            seen[node.id] = index
        }
        var successors = Array(repeating: [String](), count: nodes.count)
        for node in nodes {
            for input in node.inputs {
                guard let producer = seen[input] else {
                    throw GraphError(.unknownInput, "node '\(node.id)' takes input '\(input)', which is not a node")
                }
                successors[producer].append(node.id)
            }
        }
        let ids = nodes.map(\.id)
        let order: [String]
        switch topologicalSort(ids, successors: { id in seen[id].map { successors[$0] } ?? [] }) {
        case .success(let sorted): order = sorted
        case .failure(let cycle):
            throw GraphError(.cycle, "the graph has a cycle: \(cycle.path.joined(separator: " -> "))")
        }
        let sortedNodes = order.compactMap { id in seen[id].map { nodes[$0] } }
        var index: [String: Int] = [:]
        for (position, node) in sortedNodes.enumerated() { index[node.id] = position }
        var dependants = Array(repeating: [Int](), count: sortedNodes.count)
        for (position, node) in sortedNodes.enumerated() {
            for input in node.inputs { if let producer = index[input] { dependants[producer].append(position) } }
        }
        self.nodes = sortedNodes
        self.indexByID = index
        self.dependants = dependants
    }

    public func node(_ id: String) -> Node? {
        indexByID[id].map { nodes[$0] }
    }

    /// The position of a node in `nodes`.
    public func index(of id: String) -> Int? { indexByID[id] }

    /// Positions of the nodes that take node `index`'s result as an input.
    public func dependants(of index: Int) -> [Int] { dependants[index] }

    /// Positions of node `index`'s inputs, in input order.
    public func inputs(of index: Int) -> [Int] {
        nodes[index].inputs.compactMap { indexByID[$0] }
    }
}
