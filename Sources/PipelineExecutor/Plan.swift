import PipelineGraph

/// The plan of a run: for every node, in topological order, its fingerprint
/// and whether its stored result is used, with the reasons.
public struct Plan: Sendable {
    /// In the graph's topological order: `nodes[i]` plans `graph.nodes[i]`.
    public let nodes: [PlannedNode]
    private let indexByID: [String: Int]

    init(nodes: [PlannedNode]) {
        self.nodes = nodes
        self.indexByID = Dictionary(nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var toRun: [PlannedNode] { nodes.filter { $0.decision == .run } }

    public func node(_ id: String) -> PlannedNode? { indexByID[id].map { nodes[$0] } }
}

public struct PlannedNode: Sendable {
    public enum Decision: Sendable, Equatable {
        /// The stored result is used.
        case cached
        /// The operation runs.
        case run
    }

    public var id: String
    public var fingerprint: String
    public var decision: Decision
    /// Why it runs (or `.cached`); the first reason is the main one.
    public var reasons: [PlanReason]
    public var seed: UInt64
    /// Work-tree files it reads, with their content hashes, in declared order.
    public var files: [(path: String, hash: String)]
    /// The flattened canonical configuration, as the lock file keeps it. Built
    /// when asked: a run that finds every node cached asks for none.
    public var configuration: [String: String] {
        var flat: [String: String] = [:]
        for leaf in configurationValue.flattened() { flat[leaf.path] = leaf.value }
        return flat
    }
    /// The operation's configuration, which `configuration` flattens.
    var configurationValue: ConfigValue
    /// When another node earlier in the order has the same fingerprint: its id.
    /// The result is computed once and shared.
    public var sharesResultWith: String?
    /// A reason the node cannot run (a missing input file); it fails without running.
    public var problem: String?
    /// Declared outputs the planner found holding what the lock records: a
    /// run right after the plan reuses them without looking at them again.
    var intactOutputs: Set<String> = []
}

/// Why a node runs, as the plan and progress output say it.
public enum PlanReason: Sendable, Equatable, CustomStringConvertible {
    case cached
    case forced
    case cachingDisabled
    /// The previous run had no node with this id.
    case newNode
    /// Nothing else changed, but the result is not stored (first run, gc, another machine).
    case notInCache
    case operationChanged(from: String, to: String)
    case versionChanged(from: Int, to: Int)
    /// A configuration leaf changed; `nil` when it was added or removed.
    case configurationChanged(path: String, from: String?, to: String?)
    case fileChanged(path: String)
    /// A file output was edited since the node wrote it.
    case outputModified(path: String)
    case inputChanged(node: String)
    case inputsChanged
    /// The fingerprint differs for none of the reasons above (the seed, the engine).
    case otherChange

    public var description: String {
        switch self {
        case .cached: "cached"
        case .forced: "forced"
        case .cachingDisabled: "caching disabled"
        case .newNode: "new node"
        case .notInCache: "not in cache"
        case .operationChanged(let from, let to): "operation changed \(from) → \(to)"
        case .versionChanged(let from, let to): "operation version changed \(from) → \(to)"
        case .configurationChanged(let path, let from, let to):
            switch (from, to) {
            case (let from?, let to?): "\(path.isEmpty ? "configuration" : path) changed \(from) → \(to)"
            case (nil, let to?): "\(path) added (\(to))"
            case (let from?, nil): "\(path) removed (was \(from))"
            case (nil, nil): "\(path) changed"
            }
        case .fileChanged(let path): "\(path) changed"
        case .outputModified(let path): "output modified: \(path)"
        case .inputChanged(let node): "an input changed (\(node))"
        case .inputsChanged: "its inputs changed"
        case .otherChange: "fingerprint changed (seed or engine)"
        }
    }
}
