import MLCore
import PipelineGraph
import PipelineSpec

/// Cuts the ratings into folds of training, validation and test rows.
struct SplitOperation: PipelineOperation {
    /// `nil` means the default: a 20% holdout.
    let split: KindConfiguration?

    var name: String { "split" }
    var version: Int { 1 }

    var configuration: ConfigValue {
        guard let split else { return ["split": ["method": "holdout", "test": 0.2]] }
        return ["split": .kind(split, key: "method")]
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard let data = inputs.first else { throw StageError.malformedInput("ratings") }
        let ratings = try RatingsArtifact(data)
        let parameters = split?.parameters
        let method: SplitMethod
        switch split?.kind.value ?? "holdout" {
        case "kfold": method = .kfold(folds: parameters?.int("folds") ?? 5)
        case "temporal": method = .temporal(testFraction: parameters?.double("test") ?? 0.2)
        case "leave-last": method = .leaveLast(count: parameters?.int("n") ?? 1)
        case "given":
            let use = parameters?.strings("use") ?? []
            method = .given(only: use.isEmpty ? nil : use)
        default: method = .holdout(testFraction: parameters?.double("test") ?? 0.2)
        }
        let options = SplitOptions(method: method, validationFraction: parameters?.double("validation") ?? 0,
                                   stratifyByUser: parameters?.string("stratify") == "user", seed: context.seed)
        do {
            return FoldsArtifact(folds: try Splitter.folds(of: ratings.ratings, groups: ratings.ratingGroups, options: options)).artifact
        } catch {
            throw StageError(.data, "cannot split the data: \(error.message)")
        }
    }
}

extension ConfigValue {
    /// A kind section as configuration: its kind and every parameter's effective value.
    static func kind(_ configuration: KindConfiguration, key: String) -> ConfigValue {
        var members: [String: ConfigValue] = [key: .string(configuration.kind.value)]
        for (name, value) in configuration.parameters.effectiveValues { members[name] = ConfigValue(value) }
        return .object(members)
    }
}
