import ArgumentParser

/// The exit codes mass promises in its documentation.
enum MassExit {
    static let success = ExitCode(0)
    /// A stage, a model or a gate failed.
    static let failure = ExitCode(1)
    /// A bad pipeline file or bad usage (sysexits' EX_USAGE).
    static let badInput = ExitCode(64)
    /// Another run of the pipeline is in progress: try again later (sysexits' EX_TEMPFAIL).
    static let busy = ExitCode(75)
}
