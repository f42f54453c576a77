import ArtifactCache
import Foundation
import PipelineGraph
import PipelineBasics

/// Running one node and reusing stored results.
extension GraphRun {
    /// Runs node `index`'s operation on its inputs, stores the result and its file outputs.
    ///
    /// `partialWithout` (units that failed or were skipped) makes a partial
    /// run: those inputs are `.none`, and the result is neither stored nor its outputs kept in the cache.
    func compute(_ index: Int, partialWithout missing: Set<Int>? = nil) async throws -> StoredResult {
        let node = graph.nodes[index]
        let planned = plan.nodes[index]
        if let problem = planned.problem { throw ExecutorError(.missingDependency, problem) }
        var inputs: [Artifact] = []
        for input in graph.inputs(of: index) {
            if let missing, missing.contains(unit(of: input)) {
                inputs.append(.none)
            } else {
                inputs.append(try await artifact(of: input))
            }
        }
        try Task.checkCancellation()

        let operation = node.operation
        var outputs = OutputFiles(paths: operation.outputFiles.map { ($0, executor.resolve($0)) })
        let recorded = previous?.node(node.id)?.outputs ?? [:]
        try outputs.prepare { path, resolved in
            if partialOutputs.contains(resolved) { return true }
            guard let hash = recorded[path] else { return false }
            return (try? executor.store.hashFile(at: resolved)) == hash
        }
        let record = JournalSlot(journal: journal, nodeID: node.id, workingDirectory: executor.workingDirectory)
        if !outputs.paths.isEmpty { record.begin(outputs: outputs.paths.map(\.resolved)) }
        defer { record.end() }
        let logFolder = executor.logFolder(for: node.id)
        try? FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        let metrics = MetricBox()
        var context = OperationContext(
            nodeID: node.id, seed: planned.seed, pipelineSeed: executor.options.pipelineSeed,
            workingDirectory: executor.workingDirectory,
            logDirectory: logFolder, metricSink: { metrics.record($0, $1) }, processStarted: { record.recordGroup($0) })
        let checkpoint = executor.store.stateDirectory.map { "\($0)/checkpoints/\(planned.fingerprint).ckpt" }
        if let checkpoint, missing == nil {
            context.checkpoint = (checkpoint, planned.fingerprint, executor.options.checkpointAfter)
        }
        // Once the operation has its result the progress kept for it is of no use;
        // after a failure or a cancellation it is what the next run resumes from.
        var finished = false
        defer { if finished, let checkpoint { try? FileManager.default.removeItem(atPath: checkpoint) } }

        // A node that cannot fit is refused before it starts, never killed by the kernel halfway.
        let need = operation.memoryNeed(inputs: inputs)
        if let need, need.bytes > memory.budget {
            throw ExecutorError(
                .outOfMemory,
                "needs about \(MemorySize.text(need.bytes)) (\(need.breakdown)), and the run may use "
                    + "\(MemorySize.text(memory.budget)); \(need.remedy), or allow more with --memory")
        }
        if let need { await memory.acquire(need.bytes) }
        let clock = ContinuousClock()
        let start = clock.now
        let artifact: Artifact
        do {
            artifact = try await operation.run(inputs: inputs, context: context)
            finished = true
        } catch {
            if let need { await memory.release(need.bytes) }
            throw error
        }
        if let need { await memory.release(need.bytes) }
        let elapsed = start.duration(to: clock.now)
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)

        try outputs.check()
        if missing != nil {
            let result = StoredResult(artifact: artifact, files: [:], metrics: metrics.values, milliseconds: milliseconds)
            memo[planned.fingerprint] = result
            return result
        }
        var files: [String: String] = [:]
        var inlineFiles: [String: [UInt8]] = [:]
        for path in operation.outputFiles {
            let resolved = executor.resolve(path)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.size] as? NSNumber else {
                throw ExecutorError(.missingOutput, "declared output \(path) was not written")
            }
            do {
                // Small outputs travel inside the result's entry: one file written instead of two.
                if size.intValue <= StoredResult.inlineLimit, let data = FileManager.default.contents(atPath: resolved),
                    data.count <= StoredResult.inlineLimit
                {
                    let bytes = [UInt8](data)
                    inlineFiles[path] = bytes
                    files[path] = ContentHash.of(bytes)
                } else {
                    files[path] = try executor.store.storeFile(at: resolved)
                }
            } catch {
                throw ExecutorError(.cache, "cannot store output \(path): \(error)")
            }
        }
        let result = StoredResult(
            artifact: artifact, files: files, inlineFiles: inlineFiles, metrics: metrics.values, milliseconds: milliseconds)
        do {
            try executor.store.write(planned.fingerprint, result.encoded())
        } catch {
            throw ExecutorError(.cache, "cannot store the result of '\(node.id)': \(error)")
        }
        memo[planned.fingerprint] = result
        return result
    }

    /// The artifact of node `index`: from this run, from the store, or, when
    /// the stored entry is missing or damaged, computed again.
    func artifact(of index: Int) async throws -> Artifact {
        let fingerprint = plan.nodes[index].fingerprint
        if let result = memo[fingerprint] { return result.artifact }
        if let result = storedResult(fingerprint) {
            memo[fingerprint] = result
            return result.artifact
        }
        let result = try await compute(index)
        recomputed.record(index, result)
        progress(.nodeRecomputed(id: graph.nodes[index].id, milliseconds: result.milliseconds))
        return result.artifact
    }

    /// The unit that computes node `index`'s result: itself, or the earlier node it shares a result with.
    func unit(of index: Int) -> Int {
        plan.nodes[index].sharesResultWith.flatMap(graph.index(of:)) ?? index
    }

    func storedResult(_ fingerprint: String) -> StoredResult? {
        executor.store.read(fingerprint).flatMap(StoredResult.init(decoding:))
    }

    /// Early cut-off: node `index` is planned to run only because inputs
    /// changed fingerprint, and each of them, run again, produced exactly the
    /// outputs the previous lock records. Then the node's previous result
    /// holds for its new fingerprint too: it is filed under that fingerprint
    /// and reused (copied under the new key). `finished` has this run's lock records so far.
    func keepAfterCutOff(_ index: Int, finished: [Int: LockedNode]) -> LockedNode? {
        let node = graph.nodes[index]
        let planned = plan.nodes[index]
        guard planned.problem == nil, !planned.reasons.isEmpty,
            planned.reasons.allSatisfy({ if case .inputChanged = $0 { true } else { false } }),
            let before = previous?.node(node.id), before.inputs == node.inputs
        else { return nil }
        for input in graph.inputs(of: index) {
            guard let now = finished[unit(of: input)], let then = previous?.node(graph.nodes[input].id),
                now.outputs == then.outputs
            else { return nil }
        }
        guard executor.store.alias(planned.fingerprint, to: before.fingerprint) else { return nil }
        var record = before
        record.fingerprint = planned.fingerprint
        return reuse(index, record: record)
    }

    /// Reuses the stored result of node `index` without loading its artifact
    /// when the previous lock already describes it (or `record` does),
    /// restoring file outputs that are missing or changed. `nil` when the node
    /// has to run after all.
    func reuse(_ index: Int, record: LockedNode? = nil) -> LockedNode? {
        // The node's fields are read in place: a copy of it is four references to count.
        let planned = plan.nodes[index]
        var locked: LockedNode
        var files: [String: String]
        if wanted[index] {
            // The caller reads this artifact: a damaged entry must show now, while the node can still run.
            guard let result = memo[planned.fingerprint] ?? storedResult(planned.fingerprint) else { return nil }
            memo[planned.fingerprint] = result
        }
        if let previous = record ?? previous?.node(graph.nodes[index].id), previous.fingerprint == planned.fingerprint {
            locked = previous
            // Set only when it differs: setting it copies the record, which then
            // no longer compares with the previous lock's by identity.
            if locked.inputs != graph.nodes[index].inputs { locked.inputs = graph.nodes[index].inputs }
            // The planner has just seen every file output hold what the lock records: nothing to look at.
            if previous.outputs.keys.allSatisfy({ $0 == LockedNode.artifactOutput || planned.intactOutputs.contains($0) }) {
                return locked
            }
            files = previous.outputs.filter { $0.key != LockedNode.artifactOutput }
        } else {
            guard let result = storedResult(planned.fingerprint) else { return nil }
            memo[planned.fingerprint] = result
            locked = lockedNode(index, result)
            files = result.files
        }
        for (path, hash) in files.sorted(by: { $0.key < $1.key }) {
            // The planner has just seen it hold this hash (what the lock records for this fingerprint).
            if planned.intactOutputs.contains(path), locked.outputs[path] == hash { continue }
            let resolved = executor.resolve(path)
            if (try? executor.store.hashFile(at: resolved)) == hash { continue }
            if executor.store.restoreFile(hash, to: resolved) { continue }
            guard restoreInline(path, hash: hash, fingerprint: planned.fingerprint) else { return nil }
        }
        return locked
    }

    /// Writes a small output kept inside the node's stored result back to its path.
    private func restoreInline(_ path: String, hash: String, fingerprint: String) -> Bool {
        guard let result = memo[fingerprint] ?? storedResult(fingerprint),
            let bytes = result.inlineFiles[path], ContentHash.of(bytes) == hash
        else { return false }
        do {
            try AtomicFile.write(bytes, to: executor.resolve(path))
            return true
        } catch {
            return false
        }
    }

    /// The lock file record of node `index` with `result`.
    func lockedNode(_ index: Int, _ result: StoredResult) -> LockedNode {
        let node = graph.nodes[index]
        let planned = plan.nodes[index]
        var outputs = result.files
        outputs[LockedNode.artifactOutput] = result.artifactHash
        var files: [String: String] = [:]
        for file in planned.files { files[file.path] = file.hash }
        return LockedNode(
            id: node.id, fingerprint: planned.fingerprint, operation: node.operation.name,
            version: node.operation.version, configuration: planned.configuration, inputs: node.inputs,
            files: files, outputs: outputs, metrics: result.metrics)
    }
}
