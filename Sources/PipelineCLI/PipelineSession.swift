import ArgumentParser
import ArtifactCache
import Foundation
import PipelineBasics
import PipelineExecutor
import PipelineGraph
import PipelineKinds
import PipelineSpec
import PipelineStages
import RunComparison

/// A pipeline file opened for planning or running: its checked spec, its
/// graph, the cache and the previous lock file.
struct PipelineSession {
    let path: String
    let spec: PipelineSpec
    let folder: String
    let lowering: Lowering
    let graph: OperationGraph
    let lockPath: String
    let previousLock: LockFile?
    let executor: Executor
    /// What regression gates compare with, read from git when the pipeline was opened.
    let baselines: [String: Baseline]
    /// Whether the graph holds the final fit and the export node (`mass export`).
    var exporting = false

    /// The same session running another graph: a search's best configuration, refit.
    func replacing(graph: OperationGraph, spec: PipelineSpec) -> PipelineSession {
        PipelineSession(
            path: path, spec: spec, folder: folder, lowering: Lowering(spec: spec, folds: lowering.folds), graph: graph,
            lockPath: lockPath, previousLock: previousLock, executor: executor, baselines: baselines,
            exporting: exporting)
    }

    /// Prints diagnostics and throws the exit code when the file or its graph is bad.
    /// With `json`, an invalid file's diagnostics go to standard output as
    /// `mass validate --json` prints them, for programs that parse the output.
    /// `options` come from the command line, less the seed, which the file gives;
    /// `cacheDirectory` is `--cache-dir` (`nil`: see `CacheLocation`).
    static func open(
        _ path: String, parameters: ParameterOptions, options: ExecutorOptions = ExecutorOptions(),
        cacheDirectory: String? = nil, json: Bool = false, exporting: Bool = false,
        warnings: @escaping @Sendable (Diagnostic) -> Void
    ) throws -> PipelineSession {
        let lockPath = LockFile.path(forPipeline: path)
        // Read while the pipeline file is checked: for a large pipeline the two take about as long.
        let pendingLock = Concurrent { Result { () throws(CacheError) in try LockFile.read(from: lockPath) } }
        let cacheRoot = CacheLocation.root(forPipeline: path, override: cacheDirectory)
        let pendingStatCache = Concurrent { DiskArtifactStore.readStatCache(root: cacheRoot) }
        let loaded = PipelineLoader.standard.load(file: path, overrides: parameters.overrides())
        let rendered = DiagnosticOutput.text([loaded])
        guard let written = loaded.spec else {
            if json { Console.out(DiagnosticOutput.json([loaded])) } else { Console.error(rendered) }
            throw MassExit.badInput
        }
        Console.error(rendered)  // warnings
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        let (spec, unmatched) = PartitionFiles.resolve(written, folder: folder)
        let missing = unmatched + InputFileCheck.missingFiles(in: spec, folder: folder)
        if !missing.isEmpty {
            Console.error(DiagnosticRenderer(sources: loaded.sources).render(missing))
            throw MassExit.failure
        }
        let baselines = try readBaselines(of: spec, pipelinePath: path)
        let lowering: Lowering
        let graph: OperationGraph
        do {
            lowering = Lowering(spec: spec, folds: try FoldCount.resolve(spec: spec, folder: folder))
            graph = try lowering.graph(
                factory: StageFactory(spec: spec, pipelineFile: path, baselines: baselines), exporting: exporting)
        } catch {
            Console.error("\(path): error: \(error)")
            throw MassExit.badInput
        }
        let store: DiskArtifactStore
        let previous: LockFile?
        do {
            store = try DiskArtifactStore(root: cacheRoot, statCache: pendingStatCache.value(), onWarning: warnings)
        } catch {
            Console.error(
                "mass: error: cannot open the cache at \(cacheRoot): \(error)\nhint: check the folder's permissions, or choose another with --cache-dir"
            )
            throw MassExit.failure
        }
        do {
            previous = try pendingLock.value().get()
        } catch {
            Console.error("\(lockPath): warning: ignoring an unreadable lock file: \(error)")
            previous = nil
        }
        var seeded = options
        seeded.pipelineSeed = UInt64(spec.seed.value)
        let executor = Executor(store: store, workingDirectory: folder, options: seeded)
        return PipelineSession(
            path: path, spec: spec, folder: folder, lowering: lowering, graph: graph, lockPath: lockPath,
            previousLock: previous, executor: executor, baselines: baselines, exporting: exporting)
    }

    /// The nodes whose artifacts make the results a run prints: the summary, when there are models.
    var resultNodes: [String] {
        graph.node(Lowering.NodeID.summarize) == nil ? [] : [Lowering.NodeID.summarize]
    }

    func plan() throws -> Plan {
        do {
            return try executor.plan(graph, previous: previousLock)
        } catch {
            var lines = ["\(path): error: \(error)"]
            if error.code == .unknownNode {
                let ids = graph.nodes.map(\.id)
                let close = executor.options.forced.sorted().flatMap { suggestions(for: $0, among: ids) }
                lines += close.map { "hint: did you mean '\($0)'?" }
                lines.append("hint: `mass dag \(path)` lists the node ids")
            }
            Console.error(lines.joined(separator: "\n"))
            throw MassExit.badInput
        }
    }

    /// The lock files at the revisions the regression gates name; a missing repository or an
    /// unknown revision stops here, before anything runs.
    private static func readBaselines(of spec: PipelineSpec, pipelinePath: String) throws -> [String: Baseline] {
        var baselines: [String: Baseline] = [:]
        for gate in spec.evaluate?.gates ?? [] where gate.maxRegression != nil {
            let revision = gate.baseline?.value ?? Gate.defaultBaseline
            guard baselines[revision] == nil else { continue }
            do {
                baselines[revision] = try Baseline.read(revision: revision, pipelinePath: pipelinePath)
            } catch {
                let position = gate.baseline?.position ?? gate.maxRegression?.position ?? gate.metric.position
                Console.error(
                    "\(position.file):\(position.line):\(position.column): error: the regression gate of '\(gate.metric.value)' "
                        + "cannot read its baseline: \(error.description)\nhint: \(error.hint ?? "the pipeline must be in a git repository whose revision '\(revision)' exists")"
                )
                throw MassExit.failure
            }
        }
        return baselines
    }
}
