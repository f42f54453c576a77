import MLCore
import PipelineGraph

/// The split's folds: row indices of each part, and cold-start counts.
struct FoldsArtifact: Sendable {
    var folds: [Fold]
    /// The number of the first fold held: a prequential step's split holds that step's fold only.
    var first = 1

    var artifact: Artifact {
        var fields: [String: Artifact] = ["count": .int(Int64(folds.count))]
        if first != 1 { fields["first"] = .int(Int64(first)) }
        for (position, fold) in folds.enumerated() {
            fields["\(position).name"] = .string(fold.name)
            fields["\(position).train"] = .indices(fold.train)
            fields["\(position).validation"] = .indices(fold.validation)
            fields["\(position).test"] = .indices(fold.test)
            fields["\(position).cold"] = .int32s([
                Int32(fold.coldStartTestRows), Int32(fold.coldUserTestRows), Int32(fold.coldItemTestRows),
            ])
        }
        return .record(fields)
    }

    init(folds: [Fold], first: Int = 1) {
        self.folds = folds
        self.first = first
    }

    init(_ artifact: Artifact) throws {
        guard let count = artifact[field: "count"]?.doubleValue else { throw StageError.malformedInput("folds") }
        first = artifact[field: "first"]?.doubleValue.map { Int($0) } ?? 1
        folds = try (0..<Int(count)).map { position in
            guard let name = artifact[field: "\(position).name"]?.stringValue,
                let train = artifact[field: "\(position).train"]?.indexArray,
                let validation = artifact[field: "\(position).validation"]?.indexArray,
                let test = artifact[field: "\(position).test"]?.indexArray,
                let cold = artifact[field: "\(position).cold"]?.int32Array, cold.count == 3
            else { throw StageError.malformedInput("folds") }
            return Fold(
                index: position, name: name, train: train, validation: validation, test: test,
                coldStartTestRows: Int(cold[0]), coldUserTestRows: Int(cold[1]), coldItemTestRows: Int(cold[2]))
        }
    }

    /// Fold `number` (counting from 1, as node ids do).
    func fold(_ number: Int) throws -> Fold {
        guard folds.indices.contains(number - first) else {
            throw StageError(.data, "the split made \(folds.count) folds, but fold \(number) was asked for")
        }
        return folds[number - first]
    }
}
