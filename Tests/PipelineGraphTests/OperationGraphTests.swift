import Testing
@testable import PipelineGraph

private struct Constant: PipelineOperation {
    var value: Int
    var name: String { "constant" }
    var version: Int { 1 }
    var configuration: ConfigValue { ["value": .int(value)] }
    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact { .int(Int64(value)) }
}

@Suite struct OperationGraphTests {
    @Test func ordersNodesAfterTheirInputs() throws {
        // A diamond given in reverse order.
        let graph = try OperationGraph([
            Node("join", Constant(value: 4), inputs: ["left", "right"]),
            Node("right", Constant(value: 3), inputs: ["load"]),
            Node("left", Constant(value: 2), inputs: ["load"]),
            Node("load", Constant(value: 1)),
        ])
        let order = graph.nodes.map(\.id)
        #expect(order.first == "load")
        #expect(order.last == "join")
        let join = try #require(graph.index(of: "join"))
        #expect(graph.inputs(of: join).map { graph.nodes[$0].id } == ["left", "right"])
        let load = try #require(graph.index(of: "load"))
        #expect(Set(graph.dependants(of: load).map { graph.nodes[$0].id }) == ["left", "right"])
    }

    @Test func sameNodesGiveSameOrder() throws {
        let nodes = (0..<20).map { Node("n\($0)", Constant(value: $0), inputs: $0 == 0 ? [] : ["n0"]) }
        let first = try OperationGraph(nodes).nodes.map(\.id)
        let second = try OperationGraph(nodes).nodes.map(\.id)
        #expect(first == second)
        #expect(first == nodes.map(\.id))
    }

    @Test func rejectsDuplicatesUnknownInputsAndCycles() {
        #expect { try OperationGraph([Node("a", Constant(value: 1)), Node("a", Constant(value: 2))]) } throws: { error in
            (error as? GraphError)?.code == .duplicateNode
        }
        #expect { try OperationGraph([Node("a", Constant(value: 1), inputs: ["b"])]) } throws: { error in
            (error as? GraphError)?.code == .unknownInput
        }
        #expect {
            try OperationGraph([
                Node("prep", Constant(value: 1), inputs: ["train"]),
                Node("train", Constant(value: 2), inputs: ["prep"]),
            ])
        } throws: { error in
            guard let error = error as? GraphError else { return false }
            return error.code == .cycle && error.message.hasSuffix("prep -> train -> prep")
        }
        #expect { try OperationGraph([Node("self", Constant(value: 1), inputs: ["self"])]) } throws: { error in
            (error as? GraphError)?.message.hasSuffix("self -> self") == true
        }
    }
}
