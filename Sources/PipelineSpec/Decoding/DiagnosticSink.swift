import PipelineBasics

/// Collects the diagnostics of a pass, so that every problem is reported
/// together instead of stopping at the first.
public final class DiagnosticSink {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public func error(
        _ code: DiagnosticCode, _ message: String, at position: SourcePosition, notes: [String] = [], hints: [String] = []
    ) {
        report(.error(code, message, at: position, notes: notes, hints: hints))
    }

    public func warning(
        _ code: DiagnosticCode, _ message: String, at position: SourcePosition, notes: [String] = [], hints: [String] = []
    ) {
        report(.warning(code, message, at: position, notes: notes, hints: hints))
    }

    public var hasErrors: Bool { diagnostics.hasErrors }
}
