import MLModels
import PipelineSpec

/// `command`: an external program as a model.
enum CommandModelKind {
    static let run = Parameter<String>(required: "run", "shell command with {train}, {predict} and {out} placeholders")
    static let deps = Parameter("deps", default: FileList([]), "files the command reads; their contents enter the cache key")
    static let retries = Parameter(
        "retries", default: 0, bounds: .nonNegative, "runs the command again after a failure, this many times at most")
    static let retryDelay = Parameter(
        "retry_delay", default: TimeLimit(seconds: 1), "wait before the first retry; doubles for each further one")

    static let entry = Kind<ModelContext, any RatingModel>(
        "command", "an external program: reads {train} and {predict}, writes one prediction per line to {out}",
        parameters: [run, deps, retries, retryDelay]
    ) { p, context in
        ExternalCommand(
            ExternalCommand.Parameters(
                template: try p.value(run), workRoot: context.workRoot, workingDirectory: context.workingDirectory,
                retries: try p.value(retries), retryDelay: try p.value(retryDelay).seconds))
    }
}
