/// A node of the operation graph: an operation applied to the results of other nodes.
public struct Node: Sendable {
    /// Stable and human-readable, e.g. `train svd @ fold 3`: messages and the
    /// lock file use it, so it must not depend on run order.
    public var id: String
    public var operation: any PipelineOperation
    /// Ids of the nodes whose artifacts `operation.run` receives, in this order.
    public var inputs: [String]
    /// What the node's seed is derived from: its id, except where several
    /// nodes do the same work with other settings (search trials), which then
    /// draw the same random numbers and differ only by what they vary.
    public var seedIdentity: String

    public init(_ id: String, _ operation: any PipelineOperation, inputs: [String] = [], seedIdentity: String? = nil) {
        self.id = id
        self.operation = operation
        self.inputs = inputs
        self.seedIdentity = seedIdentity ?? id
    }
}
