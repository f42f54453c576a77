import Testing
import PipelineBasics

@Suite struct GraphAlgorithmsTests {
    private func graph(_ edges: [Int: [Int]]) -> (Int) -> [Int] { { edges[$0] ?? [] } }

    @Test func diamondOrdersEveryNodeAfterItsPredecessors() throws {
        let successors = graph([0: [1, 2], 1: [3], 2: [3]])
        let order = try topologicalSort([0, 1, 2, 3], successors: successors).get()
        #expect(order == [0, 1, 2, 3])
    }

    @Test func tiesKeepInputOrder() throws {
        let order = try topologicalSort([3, 1, 2], successors: graph([:])).get()
        #expect(order == [3, 1, 2])
    }

    @Test func selfLoopIsACycleOfOne() {
        let result = topologicalSort([0, 1], successors: graph([1: [1]]))
        #expect(result == .failure(GraphCycle(path: [1, 1])))
    }

    @Test func twoCycleNamesItsPath() {
        let cycle = findCycle([0, 1, 2], successors: graph([0: [1], 1: [2], 2: [1]]))
        #expect(cycle?.path == [1, 2, 1])
    }

    @Test func acyclicGraphHasNoCycle() {
        #expect(findCycle([0, 1, 2, 3], successors: graph([0: [1, 2], 1: [3], 2: [3]])) == nil)
    }

    @Test func denseFormsOrderAndFindCyclesAsTheGenericOnes() throws {
        let diamond = [[1, 2], [3], [3], []]
        #expect(try topologicalSort(count: 4, successors: { diamond[$0] }).get() == [0, 1, 2, 3])
        let released = [[3, 1], [], [], []]
        #expect(try topologicalSort(count: 4, successors: { released[$0] }).get() == [0, 2, 1, 3], "ties by number")
        let selfLoop = [[], [1]]
        #expect(findCycle(count: 2, successors: { selfLoop[$0] })?.path == [1, 1])
        let twoCycle = [[1], [2], [1]]
        #expect(findCycle(count: 3, successors: { twoCycle[$0] })?.path == [1, 2, 1])
        #expect(topologicalSort(count: 3, successors: { twoCycle[$0] }) == .failure(GraphCycle(path: [1, 2, 1])))
    }

    /// Successors reached beyond the given nodes are searched for cycles but left out of the order.
    @Test func successorsBeyondTheGivenNodes() throws {
        #expect(try topologicalSort([0, 1], successors: graph([0: [5], 5: [1]])).get() == [0, 1])
        #expect(findCycle([0], successors: graph([0: [5], 5: [0]]))?.path == [0, 5, 0])
        #expect(topologicalSort([0], successors: graph([0: [5], 5: [5]])) == .failure(GraphCycle(path: [5, 5])))
    }

    /// Linear cost without a clock: each node's successors are asked for a
    /// fixed number of times, however long the chain or wide the fan-out.
    @Test(arguments: [10, 1000, 20000])
    func successorsAreAskedAFixedNumberOfTimesPerNode(count: Int) throws {
        var calls = 0
        let chain = try topologicalSort(count: count) { node in
            calls += 1
            return node + 1 < count ? [node + 1] : []
        }.get()
        #expect(chain == Array(0..<count))
        #expect(calls <= 3 * count, "\(calls) calls for \(count) nodes")

        calls = 0
        let fanOut = try topologicalSort(Array((0..<count).reversed())) { node in
            calls += 1
            return node == count - 1 ? Array(0..<(count - 1)) : []
        }.get()
        #expect(fanOut.first == count - 1)
        #expect(calls <= 3 * count, "\(calls) calls for \(count) nodes")
    }
}
