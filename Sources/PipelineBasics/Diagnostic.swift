/// One problem found in a pipeline file, in compiler form.
public struct Diagnostic: Hashable, Sendable, Error {
    public enum Severity: String, Sendable, Comparable {
        case error, warning, note
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
        private var rank: Int {
            switch self {
            case .error: 0;
            case .warning: 1;
            case .note: 2
            }
        }
    }

    public var severity: Severity
    /// A stable, machine-readable code such as `unknown-key`; JSON output carries it.
    public var code: DiagnosticCode
    public var message: String
    public var position: SourcePosition
    /// `note:` lines: facts that explain the error (e.g. where a duplicate was first defined).
    public var notes: [String]
    /// `hint:` lines: what to do about it ("did you mean 'epochs'?").
    public var hints: [String]

    public init(
        _ severity: Severity, code: DiagnosticCode, _ message: String, at position: SourcePosition,
        notes: [String] = [], hints: [String] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.position = position
        self.notes = notes
        self.hints = hints
    }

    public static func error(
        _ code: DiagnosticCode, _ message: String, at position: SourcePosition, notes: [String] = [], hints: [String] = []
    ) -> Diagnostic {
        Diagnostic(.error, code: code, message, at: position, notes: notes, hints: hints)
    }

    public static func warning(
        _ code: DiagnosticCode, _ message: String, at position: SourcePosition, notes: [String] = [], hints: [String] = []
    ) -> Diagnostic {
        Diagnostic(.warning, code: code, message, at: position, notes: notes, hints: hints)
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by position, then severity, then message: the order they are reported in.
    public func sortedForReport() -> [Diagnostic] {
        sorted { a, b in
            if a.position != b.position { return a.position < b.position }
            if a.severity != b.severity { return a.severity < b.severity }
            return a.message < b.message
        }
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }
}
