import PipelineGraph

/// A plain command step (`stages:` in a pipeline file): `run` through
/// `/bin/sh -c`, cached like any node. `deps` and `params` enter the
/// fingerprint; `outs` are stored after a run and restored on a hit, so
/// returning to an earlier configuration does not run the command again.
public struct CommandStage: PipelineOperation {
    /// The shell command.
    public var command: String
    /// Folder to run in, relative to the pipeline's folder; `nil` for the pipeline's folder.
    public var directory: String?
    /// Variables added to the inherited environment.
    public var environment: [String: String]
    public var deps: [String]
    public var outs: [String]
    /// Values the command reads (from params files or its arguments); they only enter the fingerprint.
    public var params: ConfigValue
    /// Runs again after a failure this many times at most, waiting `retryDelay` seconds, then
    /// twice that, and so on. Not part of the key: retrying changes how, not what, a stage computes.
    public var retries: Int
    public var retryDelay: Double
    /// The peak memory its author declares (`memory:`), in bytes.
    public var memory: Int?

    public init(
        command: String, directory: String? = nil, environment: [String: String] = [:],
        deps: [String] = [], outs: [String] = [], params: ConfigValue = .object([:]), retries: Int = 0, retryDelay: Double = 1,
        memory: Int? = nil
    ) {
        self.memory = memory
        self.retries = retries
        self.retryDelay = retryDelay
        self.command = command
        self.directory = directory
        self.environment = environment
        self.deps = deps
        self.outs = outs
        self.params = params
    }

    public var name: String { "command" }
    public var version: Int { 1 }
    public var fileDependencies: [String] { deps }
    public var outputFiles: [String] { outs }
    /// Commands get no seed from the executor, so equal stages share results.
    public var usesSeed: Bool { false }

    public var configuration: ConfigValue {
        .object([
            "run": .string(command),
            "directory": directory.map(ConfigValue.string) ?? .null,
            "env": .object(environment.mapValues(ConfigValue.string)),
            "outs": .array(outs.map(ConfigValue.string)),
            "params": params,
        ])
    }

    public func memoryNeed(inputs: [Artifact]) -> MemoryNeed? {
        memory.map { MemoryNeed(bytes: $0, breakdown: "declared by its 'memory'", remedy: "lower the stage's 'memory'") }
    }

    public func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        let folder = directory.map { $0.hasPrefix("/") ? $0 : context.workingDirectory + "/" + $0 } ?? context.workingDirectory
        var attempt = 1
        while true {
            let outcome = try await ShellProcess.run(
                command: command, directory: folder, environment: environment,
                stdoutPath: context.logDirectory + "/stdout.log", stderrPath: context.logDirectory + "/stderr.log",
                started: { context.processStarted(group: $0) })
            if outcome.status == 0 { return .none }
            guard attempt > retries else {
                // A transient failure may pass: wait, longer each time, and run the command again.
                let delay = retryDelay * Double(1 << min(attempt - 1, 20))
                try await Task.sleep(nanoseconds: UInt64(max(delay, 0) * 1e9))
                attempt += 1
                continue
            }
            var message = "command failed with exit status \(outcome.status)"
            if attempt > 1 { message += " on each of \(attempt) attempts" }
            message += ": \(command)"
            if !outcome.stderrTail.isEmpty {
                message += "\n" + outcome.stderrTail.map { "  | " + $0 }.joined(separator: "\n")
            }
            message += "\n  (full output in \(context.logDirectory))"
            throw ExecutorError(.commandFailed, message)
        }
    }
}
