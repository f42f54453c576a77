import PipelineBasics
import PipelineKinds
import PipelineSpec

/// Configurations a search tries, as specs: the pipeline with the values of
/// one point written at their paths.
enum TrialSpecs {
    /// `spec` with each path (`models.svd.lr`, `combine.alpha`,
    /// `combine.meta.alpha`, `sample.fraction`) set to its value.
    static func apply(_ values: [(path: String, value: ParameterValue)], to spec: PipelineSpec) throws -> PipelineSpec {
        var result = spec
        for (path, value) in values {
            let parts = path.split(separator: ".").map(String.init)
            let located = Located(value, at: .unknown)
            switch (parts.first, parts.count) {
            case ("models", 3):
                guard let index = result.models.firstIndex(where: { $0.name.value == parts[1] }) else {
                    throw StageError(.data, "search path '\(path)' names no model")
                }
                result.models[index].configuration.parameters.written[parts[2]] = located
            case ("combine", 2):
                result.combine?.configuration.parameters.written[parts[1]] = located
            case ("combine", 3) where parts[1] == "meta":
                result.combine?.meta?.parameters.written[parts[2]] = located
            case ("sample", 2):
                result.sample?.parameters.written[parts[1]] = located
            default:
                throw StageError(.data, "search path '\(path)' cannot be set")
            }
        }
        return result
    }

    /// The values a strategy's point stands for, in the space's order.
    static func values(of point: [Double], in search: SearchSpec) -> [(path: String, value: ParameterValue)] {
        zip(search.space, point).map { dimension, coordinate in
            (dimension.path.value, dimension.distribution.value.value(at: coordinate))
        }
    }

    /// Whose metric the search optimises: the combination, else the first model the space tunes.
    static func target(of spec: PipelineSpec, search: SearchSpec) -> String {
        if spec.combine != nil { return "combined" }
        for dimension in search.space {
            let parts = dimension.path.value.split(separator: ".").map(String.init)
            if parts.count == 3, parts[0] == "models" { return parts[1] }
        }
        return spec.models.first?.name.value ?? "combined"
    }

    /// The best configuration refit for the final results: on the whole
    /// training part (no validation carved) unless the combiner learns on it.
    static func refit(_ spec: PipelineSpec) -> PipelineSpec {
        var result = spec
        result.search = nil
        let combineNeedsValidation =
            spec.combine.map {
                $0.configuration.parameters.descriptor.requirements(written: $0.writtenKeys).contains(.validationPart)
            }
            ?? false
        if !combineNeedsValidation, result.split?.parameters.written["validation"] != nil {
            result.split?.parameters.written["validation"] = Located(.double(0), at: .unknown)
        }
        return result
    }
}

extension ParameterValue {
    var trialValue: TrialValue {
        switch self {
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .bool(let value): .bool(value)
        case .string(let value): .string(value)
        case .list(let values): .string(values.map(\.description).joined(separator: ","))
        }
    }
}
