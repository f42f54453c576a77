import ArgumentParser

/// The `mass` command: runs machine-learning ensembles described in YAML pipeline files.
public struct MassCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mass",
        abstract: "Run machine-learning ensembles described in YAML pipeline files.",
        discussion: """
            A pipeline file says where the data comes from, how it is split and sampled, which \
            sub-models to train, how to combine them and which hyper-parameters to search. \
            mass checks it, lowers it into a graph of cached steps and runs what changed.

            Exit codes: 0 success; 1 a stage or a gate failed; 64 a bad pipeline file or bad usage.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, PlanCommand.self, StatusCommand.self, DagCommand.self, ShowCommand.self, ValidateCommand.self,
            SchemaCommand.self, KindsCommand.self, GcCommand.self, DiffCommand.self, ExportCommand.self, PredictCommand.self,
            RecommendCommand.self, ServeCommand.self,
        ]
    )

    public init() {}
}
