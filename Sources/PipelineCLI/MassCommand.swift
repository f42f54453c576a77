import ArgumentParser

/// The `mass` command: runs machine-learning ensembles described in YAML pipeline files.
public struct MassCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mass",
        abstract: "Run machine-learning ensembles described in YAML pipeline files.",
        subcommands: []
    )

    public init() {}
}
