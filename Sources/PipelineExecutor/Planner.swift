import ArtifactCache
import PipelineGraph

/// Computes every node's fingerprint and decides, against the store and the
/// previous lock file, which nodes run and why. Reads only file metadata
/// (through the stat cache), the store's index and the lock file.
struct Planner {
    let store: any ArtifactStore
    let workingDirectory: String
    let options: ExecutorOptions

    func plan(_ graph: OperationGraph, previous: LockFile?) throws(ExecutorError) -> Plan {
        for id in options.forced.sorted() where graph.node(id) == nil {
            throw ExecutorError(.unknownNode, "cannot force '\(id)': no such node")
        }
        let producers = try outputProducers(graph)
        let nodes = graph.nodes
        let store = store, workingDirectory = workingDirectory, noCache = options.noCache
        let hash = { @Sendable (path: String) throws(CacheError) -> String in
            try store.hashFile(at: path.hasPrefix("/") ? path : workingDirectory + "/" + path)
        }
        var facts = parallelMap(nodes.count) { index in
            NodeFacts(nodes[index].operation, recorded: noCache ? nil : previous?.node(nodes[index].id)?.outputs)
        }
        // Whether an output was edited by hand is asked only of stored results, but
        // mostly they are: the outputs the lock records are looked at all at once.
        facts.withOutputHashes(of: graph, from: store, resolve: resolve)
        let hashes = fileHashes(graph, producers: producers, hash: hash)
        var planned: [PlannedNode] = []
        planned.reserveCapacity(graph.nodes.count)
        var firstWithFingerprint: [String: String] = [:]
        // Nodes are read by index, here and below: a copy of a node is four references to count.
        for index in nodes.indices {
            let operation = nodes[index].operation
            let inputFingerprints = graph.inputs(of: index).map { planned[$0].fingerprint }
            var files: [(path: String, hash: String)] = []
            var problem: String?
            for path in operation.fileDependencies {
                if let producer = producers[path] {
                    // Written by another node: its fingerprint already covers the content.
                    guard nodes[index].inputs.contains(producer) else {
                        throw ExecutorError(
                            .undeclaredDependency,
                            "node '\(nodes[index].id)' reads \(path), which node '\(producer)' writes, but does not take it as an input"
                        )
                    }
                    continue
                }
                do {
                    let hash = try hashes.hash(path) { path throws(CacheError) in try store.hashFile(at: resolve(path)) }
                    files.append((path, hash))
                } catch {
                    files.append((path, "missing"))
                    problem = problem ?? (error.code == .missingFile ? "\(path) does not exist" : "cannot read \(path): \(error)")
                }
            }
            let seed = NodeSeed.derive(pipelineSeed: options.pipelineSeed, nodeID: nodes[index].seedIdentity)
            let fingerprint = Fingerprint.compute(
                operation: operation.name, version: operation.version,
                configuration: facts[index].canonicalConfiguration,
                inputs: inputFingerprints, files: files,
                seed: operation.usesSeed ? seed : operation.usesPipelineSeed ? options.pipelineSeed : nil)

            let id = nodes[index].id
            let plannedNode = PlannedNode(
                id: id, fingerprint: fingerprint, decision: .cached, reasons: [.cached], seed: seed,
                files: files, configurationValue: facts[index].configuration,
                sharesResultWith: firstWithFingerprint[fingerprint], problem: problem)
            if firstWithFingerprint[fingerprint] == nil { firstWithFingerprint[fingerprint] = id }
            planned.append(plannedNode)
        }
        // Which results are stored, asked for all nodes at once (the store can list a folder rather than look 10,000 times).
        let stored =
            options.noCache ? [] : store.containing(planned.compactMap { $0.problem == nil ? $0.fingerprint : nil })
        for index in nodes.indices {
            var intact: Set<String>?
            let reasons = missReasons(
                node: nodes[index], index: index, intact: &intact, stored: stored, graph: graph, planned: planned,
                previous: previous, outputHashes: facts[index].outputHashes)
            // Set field by field: a planned node copied out and back is a dozen references to count.
            if let intact { planned[index].intactOutputs = intact }
            if let reasons {
                planned[index].decision = .run
                planned[index].reasons = reasons
            }
        }
        // Nodes sharing a result run together: the first of them runs for all
        // when any of them must (one was forced, say).
        guard planned.contains(where: { $0.sharesResultWith != nil }) else { return Plan(nodes: planned) }
        let positions = Dictionary(uniqueKeysWithValues: planned.enumerated().map { ($1.id, $0) })
        for index in planned.indices where planned[index].decision == .run {
            guard let primaryID = planned[index].sharesResultWith, let primary = positions[primaryID],
                planned[primary].decision == .cached
            else { continue }
            planned[primary].decision = .run
            planned[primary].reasons = planned[index].reasons
        }
        for index in planned.indices {
            guard let primaryID = planned[index].sharesResultWith, let primary = positions[primaryID],
                planned[primary].decision == .run
            else { continue }
            planned[index].decision = .run
            planned[index].reasons = planned[primary].reasons
        }
        return Plan(nodes: planned)
    }

    /// `nil` when the stored result of `planned[index]` is used; otherwise why the node runs.
    /// `intact`: the outputs found holding what the lock records, when they were looked at.
    /// `outputHashes`: the node's `NodeFacts.outputHashes`.
    private func missReasons(
        node: Node, index: Int, intact: inout Set<String>?, stored: Set<String>, graph: OperationGraph,
        planned: [PlannedNode], previous: LockFile?, outputHashes: [String?]
    ) -> [PlanReason]? {
        if options.forced.contains(node.id) { return [.forced] }
        if options.noCache { return [.cachingDisabled] }
        let locked = previous?.node(node.id)
        let fingerprint = planned[index].fingerprint
        if planned[index].problem == nil, stored.contains(fingerprint) {
            // A file output that someone edited is not replaced by the stored copy: the node runs again.
            guard let locked, locked.fingerprint == fingerprint else { return nil }
            let checked = checkOutputs(of: node, locked: locked, current: outputHashes)
            intact = checked.intact
            return checked.edited.isEmpty ? nil : checked.edited.map { .outputModified(path: $0) }
        }
        guard let locked else { return [.newNode] }
        if locked.fingerprint == fingerprint { return [.notInCache] }
        var reasons: [PlanReason] = []
        let operation = node.operation
        if locked.operation != operation.name {
            reasons.append(.operationChanged(from: locked.operation, to: operation.name))
        } else if locked.version != operation.version {
            reasons.append(.versionChanged(from: locked.version, to: operation.version))
        }
        reasons += ConfigurationDiff.reasons(from: locked.configuration, to: planned[index].configuration)
        for file in planned[index].files where locked.files[file.path] != file.hash {
            reasons.append(.fileChanged(path: file.path))
        }
        if locked.inputs != node.inputs {
            reasons.append(.inputsChanged)
        } else {
            for inputIndex in graph.inputs(of: index) {
                let input = planned[inputIndex]
                if previous?.node(input.id)?.fingerprint != input.fingerprint {
                    reasons.append(.inputChanged(node: input.id))
                }
            }
        }
        return reasons.isEmpty ? [.otherChange] : reasons
    }

    /// Declared outputs that exist but no longer hold what the node wrote, as
    /// the lock records it (`edited`; a missing output is not an edit: it is
    /// restored), and those that hold it (`intact`).
    /// `current`: the outputs' hashes when the planner took them already (`NodeFacts`).
    private func checkOutputs(of node: Node, locked: LockedNode, current: [String?]) -> (
        edited: [String], intact: Set<String>
    ) {
        var edited: [String] = []
        var intact: Set<String> = []
        for (position, path) in node.operation.outputFiles.enumerated() {
            guard let recorded = locked.outputs[path],
                let hash = position < current.count ? current[position] : try? store.hashFile(at: resolve(path))
            else { continue }
            if hash == recorded { intact.insert(path) } else { edited.append(path) }
        }
        return (edited, intact)
    }

    /// The hashes of the files nodes read and no node writes, taken in
    /// parallel; a file many nodes read is looked at once.
    private func fileHashes(
        _ graph: OperationGraph, producers: [String: String], hash: @Sendable (String) throws(CacheError) -> String
    ) -> FileHashes {
        var paths: [String] = []
        for index in graph.nodes.indices {
            for path in graph.nodes[index].operation.fileDependencies where producers[path] == nil { paths.append(path) }
        }
        return FileHashes(paths, hash: hash)
    }

    /// Which node writes each declared output file.
    private func outputProducers(_ graph: OperationGraph) throws(ExecutorError) -> [String: String] {
        var producers: [String: String] = [:]
        for index in graph.nodes.indices {
            let id = graph.nodes[index].id
            for path in graph.nodes[index].operation.outputFiles {
                if let other = producers[path] {
                    throw ExecutorError(.undeclaredDependency, "nodes '\(other)' and '\(id)' both write \(path)")
                }
                producers[path] = id
            }
        }
        return producers
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }
}
