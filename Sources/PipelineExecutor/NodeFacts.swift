import ArtifactCache
import PipelineGraph

/// What the planner needs of a node that depends on no other node: its
/// configuration, also in canonical form, and the current hashes
/// of the outputs the previous lock records. Computed for all nodes up front,
/// in parallel, before the fingerprints are chained in order.
struct NodeFacts: Sendable {
    var configuration: ConfigValue
    var canonicalConfiguration: [UInt8]
    /// By position in the operation's output files: the file's hash now, `nil`
    /// when it is not recorded or cannot be read. Empty when nothing is recorded.
    var outputHashes: [String?] = []

    /// `recorded`: the outputs the previous lock records for the node.
    init(
        _ operation: any PipelineOperation, recorded: [String: String]?, hash: (String) throws(CacheError) -> String
    ) {
        // Built once: an operation's configuration is computed on each access.
        configuration = operation.configuration
        canonicalConfiguration = configuration.canonicalBytes
        guard let recorded, !recorded.isEmpty else { return }
        outputHashes = operation.outputFiles.map { path in recorded[path] == nil ? nil : try? hash(path) }
    }
}
