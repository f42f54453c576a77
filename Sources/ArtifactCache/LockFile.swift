/// What a run left behind, per node: written beside the pipeline as
/// `<pipeline>.lock` and committed with it, so that reviews see what changed
/// and the next plan can say why a node runs again.
public struct LockFile: Sendable, Equatable {
    /// Nodes in the order they are written: by id.
    public private(set) var nodes: [LockedNode]

    public init(nodes: [LockedNode] = []) {
        // Nodes mostly come in order already (read back, or kept in the previous
        // lock's order): checking that is linear, sorting 10,000 ids is not.
        let ordered = nodes.indices.dropFirst().allSatisfy { nodes[$0 - 1].id < nodes[$0].id }
        self.nodes = ordered ? nodes : nodes.sorted { $0.id < $1.id }
    }

    public func node(_ id: String) -> LockedNode? {
        guard let index = index(of: id) else { return nil }
        return nodes[index]
    }

    /// Adds `node`, replacing a node with the same id.
    public mutating func record(_ node: LockedNode) {
        if let index = index(of: node.id) {
            nodes[index] = node
        } else {
            let position = nodes.firstIndex { $0.id > node.id } ?? nodes.endIndex
            nodes.insert(node, at: position)
        }
    }

    /// Sets a final metric of a node (the evaluation's score, for the CI gate).
    public mutating func setMetric(_ name: String, _ value: Double, ofNode id: String) {
        guard let index = index(of: id) else { return }
        nodes[index].metrics[name] = value
    }

    private func index(of id: String) -> Int? {
        // Nodes are sorted by id: a binary search keeps large graphs cheap.
        var low = 0, high = nodes.count
        while low < high {
            let middle = (low + high) / 2
            if nodes[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < nodes.count && nodes[low].id == id ? low : nil
    }
}

/// One node's record in the lock file.
public struct LockedNode: Sendable, Equatable {
    /// The stable, human-readable node id, e.g. `train svd @ fold 3`.
    public var id: String
    public var fingerprint: String
    public var operation: String
    public var version: Int
    /// The canonical configuration flattened to dotted key paths, each with its
    /// canonical value text (`"kfold"`, `0.005`, `[]`).
    public var configuration: [String: String]
    /// Input node ids, in the operation's order.
    public var inputs: [String]
    /// Work-tree files the node reads: relative path → content hash.
    public var files: [String: String]
    /// What it produced: `artifact` → hash of the stored artifact, and each file output path → content hash.
    public var outputs: [String: String]
    /// Metrics it recorded (the summary's are the final ones, for the CI gate).
    /// How long it ran is not here: that changes every run, and goes to the run record.
    public var metrics: [String: Double]

    public init(
        id: String, fingerprint: String, operation: String, version: Int,
        configuration: [String: String] = [:], inputs: [String] = [], files: [String: String] = [:],
        outputs: [String: String] = [:], metrics: [String: Double] = [:]
    ) {
        self.id = id
        self.fingerprint = fingerprint
        self.operation = operation
        self.version = version
        self.configuration = configuration
        self.inputs = inputs
        self.files = files
        self.outputs = outputs
        self.metrics = metrics
    }
}
