import PipelineSpec

/// How many test folds a pipeline's split makes.
public enum FoldCount {
    public static func resolve(spec: PipelineSpec, folder: String) throws -> Int {
        guard let split = spec.split else { return 1 }
        switch split.kind.value {
        case "kfold": return split.parameters.int("folds") ?? 5
        case "given":
            let use = split.parameters.strings("use")
            guard !use.isEmpty else {
                throw StageError(.unsupported, "split 'given' needs 'use' listing the folds to evaluate")
            }
            return use.count
        default: return 1
        }
    }
}
