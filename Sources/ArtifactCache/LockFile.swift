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
///
/// The fields live in one shared box, copied on write: planning and running
/// a graph of thousands of nodes look records up and pass them on many times,
/// and a copy is then one reference rather than nine.
public struct LockedNode: Sendable, Equatable {
    /// The stable, human-readable node id, e.g. `train svd @ fold 3`.
    public var id: String {
        get { storage.fields.id }
        set { uniqueStorage().fields.id = newValue }
    }
    public var fingerprint: String {
        get { storage.fields.fingerprint }
        set { uniqueStorage().fields.fingerprint = newValue }
    }
    public var operation: String {
        get { storage.fields.operation }
        set { uniqueStorage().fields.operation = newValue }
    }
    public var version: Int {
        get { storage.fields.version }
        set { uniqueStorage().fields.version = newValue }
    }
    /// The canonical configuration flattened to dotted key paths, each with its
    /// canonical value text (`"kfold"`, `0.005`, `[]`).
    public var configuration: [String: String] {
        get { storage.fields.configuration }
        set { uniqueStorage().fields.configuration = newValue }
    }
    /// Input node ids, in the operation's order.
    public var inputs: [String] {
        get { storage.fields.inputs }
        set { uniqueStorage().fields.inputs = newValue }
    }
    /// Work-tree files the node reads: relative path → content hash.
    public var files: [String: String] {
        get { storage.fields.files }
        set { uniqueStorage().fields.files = newValue }
    }
    /// What it produced: `artifact` → hash of the stored artifact, and each file output path → content hash.
    public var outputs: [String: String] {
        get { storage.fields.outputs }
        set { uniqueStorage().fields.outputs = newValue }
    }
    /// Metrics it recorded (the summary's are the final ones, for the CI gate).
    /// How long it ran is not here: that changes every run, and goes to the run record.
    public var metrics: [String: Double] {
        get { storage.fields.metrics }
        set { uniqueStorage().fields.metrics = newValue }
    }

    private var storage: Storage

    public init(
        id: String, fingerprint: String, operation: String, version: Int,
        configuration: [String: String] = [:], inputs: [String] = [], files: [String: String] = [:],
        outputs: [String: String] = [:], metrics: [String: Double] = [:]
    ) {
        storage = Storage(
            fields: Fields(
                id: id, fingerprint: fingerprint, operation: operation, version: version, configuration: configuration,
                inputs: inputs, files: files, outputs: outputs, metrics: metrics))
    }

    /// A record compared with itself (a no-op run keeps the previous lock's records) is not read through.
    public static func == (lhs: LockedNode, rhs: LockedNode) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(fields: storage.fields) }
        return storage
    }

    /// The record's values, compared as the struct's own fields would be.
    private struct Fields: Equatable, Sendable {
        var id: String
        var fingerprint: String
        var operation: String
        var version: Int
        var configuration: [String: String]
        var inputs: [String]
        var files: [String: String]
        var outputs: [String: String]
        var metrics: [String: Double]
    }

    /// Changed only through `uniqueStorage()`, when no other record shares it.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(fields: Fields) { self.fields = fields }
    }
}
