/// Graph algorithms as free functions over a `successors` closure, so that
/// the spec's stage graph, the operation graph and tests on tiny `Int` graphs
/// share one implementation.

/// A cycle, given as the path that closes it: `[a, b, a]`.
public struct GraphCycle<Node: Hashable>: Error, Equatable {
    public var path: [Node]
    public init(path: [Node]) { self.path = path }
}

/// Orders `nodes` so that every node comes after all its predecessors, where
/// `successors(n)` lists the nodes that depend on `n`. Ties keep the order of
/// `nodes`, so the result is deterministic.
///
/// Successors outside `nodes` are ignored.
/// - Returns: the order, or the first cycle found (by depth-first search from
///   the nodes in their given order).
/// - Complexity: O(V + E).
public func topologicalSort<Node: Hashable>(
    _ nodes: [Node],
    successors: (Node) -> [Node]
) -> Result<[Node], GraphCycle<Node>> {
    if let cycle = findCycle(nodes, successors: successors) {
        return .failure(cycle)
    }
    let known = Set(nodes)
    var inDegree: [Node: Int] = [:]
    for node in nodes { inDegree[node, default: 0] += 0 }
    for node in nodes {
        for next in successors(node) where known.contains(next) { inDegree[next, default: 0] += 1 }
    }
    let position = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
    // A min-heap on input position would be O(log V); a sorted ready list keeps it simple.
    var ready = nodes.filter { inDegree[$0] == 0 }
    var order: [Node] = []
    order.reserveCapacity(nodes.count)
    var cursor = 0
    while cursor < ready.count {
        let node = ready[cursor]
        cursor += 1
        order.append(node)
        var released: [Node] = []
        for next in successors(node) where known.contains(next) {
            inDegree[next, default: 0] -= 1
            if inDegree[next] == 0 { released.append(next) }
        }
        released.sort { (position[$0] ?? 0) < (position[$1] ?? 0) }
        ready.append(contentsOf: released)
    }
    return .success(order)
}

/// The first cycle reachable from `nodes` (searched in their order), as a
/// closed path `[a, b, ..., a]`; a self-loop is `[a, a]`. `nil` when acyclic.
/// - Complexity: O(V + E).
public func findCycle<Node: Hashable>(
    _ nodes: [Node],
    successors: (Node) -> [Node]
) -> GraphCycle<Node>? {
    var marks: [Node: DepthFirstMark] = [:]
    var stack: [Node] = []
    // Iterative DFS: a frame is a node and the successors still to visit.
    for root in nodes where marks[root] == nil {
        var frames: [(node: Node, pending: [Node])] = [(root, successors(root).reversed())]
        marks[root] = .onStack
        stack.append(root)
        while !frames.isEmpty {
            if let next = frames[frames.count - 1].pending.popLast() {
                switch marks[next] {
                case .onStack?:
                    let start = stack.lastIndex(of: next) ?? 0
                    return GraphCycle(path: Array(stack[start...]) + [next])
                case .done?:
                    continue
                case nil:
                    marks[next] = .onStack
                    stack.append(next)
                    frames.append((next, successors(next).reversed()))
                }
            } else {
                let finished = frames.removeLast().node
                marks[finished] = .done
                stack.removeLast()
            }
        }
    }
    return nil
}

private enum DepthFirstMark { case onStack, done }
