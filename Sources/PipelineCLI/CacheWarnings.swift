import PipelineBasics

/// Cache warnings (damaged entries) go to standard error as they happen.
enum CacheWarnings {
    @Sendable static func print(_ diagnostic: Diagnostic) {
        Console.error(DiagnosticRenderer().render(diagnostic))
    }
}
