/// A node of the operation graph: an operation applied to the results of other nodes.
public struct Node: Sendable {
    /// Stable and human-readable, e.g. `train svd @ fold 3`: messages, the lock
    /// file and per-node seeds use it, so it must not depend on run order.
    public var id: String
    public var operation: any PipelineOperation
    /// Ids of the nodes whose artifacts `operation.run` receives, in this order.
    public var inputs: [String]

    public init(_ id: String, _ operation: any PipelineOperation, inputs: [String] = []) {
        self.id = id
        self.operation = operation
        self.inputs = inputs
    }
}
