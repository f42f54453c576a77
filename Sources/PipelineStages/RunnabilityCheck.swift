import PipelineBasics
import PipelineSpec

/// Valid pipeline parts that this version cannot run yet, reported where
/// they are written before anything runs.
public enum RunnabilityCheck {
    /// Combine methods with an implementation; the others are in the language already.
    public static let runnableCombineMethods = ["average", "weighted", "stacking"]

    public static func problems(in spec: PipelineSpec) -> [Diagnostic] {
        guard let combine = spec.combine, !runnableCombineMethods.contains(combine.method.value) else { return [] }
        return [.error("not-runnable", "combine method '\(combine.method.value)' is valid but cannot run yet", at: combine.method.position,
                       hints: ["use " + runnableCombineMethods.map { "'\($0)'" }.joined(separator: ", ")])]
    }
}
