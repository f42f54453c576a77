/// Graph algorithms as free functions over a `successors` closure, so that
/// the spec's stage graph, the operation graph and tests on tiny `Int` graphs
/// share one implementation. The work is done on dense graphs (nodes
/// `0..<count`, arrays rather than dictionaries); the generic forms number
/// their nodes and call those.

/// A cycle, given as the path that closes it: `[a, b, a]`.
public struct GraphCycle<Node: Hashable & Sendable>: Error, Equatable {
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
public func topologicalSort<Node: Hashable & Sendable>(
    _ nodes: [Node],
    successors: (Node) -> [Node]
) -> Result<[Node], GraphCycle<Node>> {
    let numbered = NumberedGraph(nodes, successors: successors)
    if let cycle = findCycle(count: numbered.nodes.count, successors: { numbered.successors[$0] }) {
        return .failure(GraphCycle(path: cycle.path.map { numbered.nodes[$0] }))
    }
    // Only the given nodes are ordered: successors reached beyond them are left out.
    let given = numbered.givenCount
    let order = dependencyOrder(count: given) { numbered.successors[$0].filter { $0 < given } }
    return .success(order.map { numbered.nodes[$0] })
}

/// The first cycle reachable from `nodes` (searched in their order), as a
/// closed path `[a, b, ..., a]`; a self-loop is `[a, a]`. `nil` when acyclic.
/// - Complexity: O(V + E).
public func findCycle<Node: Hashable & Sendable>(
    _ nodes: [Node],
    successors: (Node) -> [Node]
) -> GraphCycle<Node>? {
    let numbered = NumberedGraph(nodes, successors: successors)
    return findCycle(count: numbered.nodes.count, successors: { numbered.successors[$0] })
        .map { GraphCycle(path: $0.path.map { numbered.nodes[$0] }) }
}

/// `topologicalSort` of the dense graph of nodes `0..<count`, whose successors
/// all lie in that range. Ties keep the nodes' numeric order.
/// - Complexity: O(V + E), with arrays only.
public func topologicalSort(count: Int, successors: (Int) -> [Int]) -> Result<[Int], GraphCycle<Int>> {
    if let cycle = findCycle(count: count, successors: successors) { return .failure(cycle) }
    return .success(dependencyOrder(count: count, successors: successors))
}

/// `findCycle` on the dense graph of nodes `0..<count`, searched from 0 upwards.
/// - Complexity: O(V + E), with arrays only.
public func findCycle(count: Int, successors: (Int) -> [Int]) -> GraphCycle<Int>? {
    var marks = Array(repeating: DepthFirstMark.unvisited, count: count)
    // Where each node on the current path is on `stack`, to cut a cycle's path out at once.
    var depth = Array(repeating: 0, count: count)
    var stack: [Int] = []
    // Iterative DFS: a frame is a node and the successors still to visit.
    for root in 0..<count where marks[root] == .unvisited {
        var frames: [(node: Int, pending: [Int])] = [(root, successors(root).reversed())]
        marks[root] = .onStack
        depth[root] = stack.count
        stack.append(root)
        while !frames.isEmpty {
            if let next = frames[frames.count - 1].pending.popLast() {
                switch marks[next] {
                case .onStack:
                    return GraphCycle(path: Array(stack[depth[next]...]) + [next])
                case .done:
                    continue
                case .unvisited:
                    marks[next] = .onStack
                    depth[next] = stack.count
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

/// Kahn's algorithm on an acyclic dense graph; nodes released together are taken in numeric order.
private func dependencyOrder(count: Int, successors: (Int) -> [Int]) -> [Int] {
    var inDegree = Array(repeating: 0, count: count)
    for node in 0..<count {
        for next in successors(node) { inDegree[next] += 1 }
    }
    var ready = (0..<count).filter { inDegree[$0] == 0 }
    ready.reserveCapacity(count)
    var cursor = 0
    while cursor < ready.count {
        let node = ready[cursor]
        cursor += 1
        var released: [Int] = []
        for next in successors(node) {
            inDegree[next] -= 1
            if inDegree[next] == 0 { released.append(next) }
        }
        released.sort()
        ready.append(contentsOf: released)
    }
    return ready
}

/// The nodes reachable from a list, numbered: the given ones first, in their
/// order (a repeated one keeps its first number), then those found beyond them.
private struct NumberedGraph<Node: Hashable & Sendable> {
    var nodes: [Node] = []
    var successors: [[Int]] = []
    /// How many of `nodes` were given (the rest were reached through successors).
    var givenCount = 0

    init(_ given: [Node], successors successorsOf: (Node) -> [Node]) {
        var number: [Node: Int] = [:]
        number.reserveCapacity(given.count)
        func numbered(_ node: Node) -> Int {
            if let known = number[node] { return known }
            number[node] = nodes.count
            nodes.append(node)
            return nodes.count - 1
        }
        for node in given { _ = numbered(node) }
        givenCount = nodes.count
        var cursor = 0
        while cursor < nodes.count {
            let found = successorsOf(nodes[cursor]).map(numbered)
            successors.append(found)
            cursor += 1
        }
    }
}

private enum DepthFirstMark { case unvisited, onStack, done }
