import MLModels
import PipelineSpec

/// `command`: an external program as a model.
enum CommandModelKind {
    static let run = Parameter<String>(required: "run", "shell command with {train}, {predict} and {out} placeholders")
    static let deps = Parameter("deps", default: FileList([]), "files the command reads; their contents enter the cache key")

    static let entry = Kind<ModelContext, any RatingModel>(
        "command", "an external program: reads {train} and {predict}, writes one prediction per line to {out}",
        parameters: [run, deps]
    ) { p, context in
        ExternalCommand(
            ExternalCommand.Parameters(
                template: try p.value(run), workRoot: context.workRoot, workingDirectory: context.workingDirectory))
    }
}
