import MLCore
import PipelineKinds
import PipelineSpec

/// How many test folds a pipeline's split makes. Known from the spec except
/// for a `given` split without `use`, whose folds are the distinct labels of
/// the data's group column: those are read from the file.
public enum FoldCount {
    public static func resolve(spec: PipelineSpec, folder: String) throws -> Int {
        guard let split = spec.split else { return 1 }
        switch try Kinds.splits.build(split).method {
        case .kfold(let folds): return folds
        case .given(let only?): return only.count
        case .given(nil): return try groupLabels(spec: spec, folder: folder).count
        case .holdout, .temporal, .leaveLast, .events: return 1
        case .prequential:
            let partitions = spec.trainingSource?.origin.file?.partitions.count ?? 0
            guard partitions >= 2 else {
                throw StageError(
                    .data,
                    "split 'prequential' needs at least 2 partitions of data source '\(spec.trainingSource?.name.value ?? "")', "
                        + "found \(partitions): each step scores a partition with the model trained on those before it")
            }
            return partitions - 1
        }
    }

    private static func groupLabels(spec: PipelineSpec, folder: String) throws -> [String] {
        guard let source = spec.trainingSource, case .file(let file) = source.origin else {
            throw StageError(.data, "split 'given' needs a data file with a group column")
        }
        let path = file.path.value.hasPrefix("/") ? file.path.value : folder + "/" + file.path.value
        do {
            let loaded = try RatingFile.load(path: path, options: file.ratingFileOptions)
            guard !loaded.groupNames.isEmpty else {
                throw StageError(.data, "\(file.path.value): the group column holds no labels, so 'given' has no folds")
            }
            return loaded.groupNames
        } catch let error as RatingFileError {
            throw DataError.describe(error, source: source, file: file, shownPath: file.path.value)
        }
    }
}
