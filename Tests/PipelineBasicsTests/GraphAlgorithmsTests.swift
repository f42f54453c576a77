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
}
