import MLCore
import MLModels
import PipelineSpec

/// Turns a model's kind and parameters from the spec into a trainable model.
/// Defaults come from the registry, so the values here are always explicit.
enum ModelBuilder {
    static func model(_ spec: ModelSpec, workRoot: String, workingDirectory: String) throws -> any RatingModel {
        let p = spec.parameters
        func int(_ name: String) -> Int { p.int(name) ?? 0 }
        func double(_ name: String) -> Double { p.double(name) ?? 0 }
        switch spec.kind.value {
        case "global-mean":
            return GlobalMean()
        case "baseline":
            return Baseline(baselineParameters(p))
        case "mf":
            return MatrixFactorization(.init(factors: int("factors"), epochs: int("epochs"), learningRate: double("lr"),
                                             reg: double("reg"), biased: p.bool("biased") ?? true, initDeviation: double("init_std")))
        case "svdpp":
            return SVDPlusPlus(.init(factors: int("factors"), epochs: int("epochs"), learningRate: double("lr"), reg: double("reg"),
                                     initDeviation: double("init_std")))
        case "als":
            return AlternatingLeastSquares(.init(factors: int("factors"), epochs: int("epochs"), reg: double("reg"),
                                                 initDeviation: double("init_std"), threads: 1))
        case "knn":
            let similarity: NearestNeighbours.Similarity = switch p.string("similarity") {
            case "cosine": .cosine
            case "pearson": .pearson
            case "msd": .msd
            default: .pearsonBaseline
            }
            return NearestNeighbours(.init(
                on: p.string("neighbours") == "users" ? .users : .items, similarity: similarity,
                estimator: p.bool("baseline") == false ? .basic : .withBaseline, k: int("k"), minK: int("min_k"),
                shrinkage: double("shrinkage")))
        case "slope-one":
            return SlopeOne()
        case "popularity":
            return Popularity(.init(shrinkage: double("damping")))
        case "command":
            return ExternalCommand(.init(template: p.string("run") ?? "", workRoot: workRoot, workingDirectory: workingDirectory))
        default:
            throw StageError(.unsupported, "model kind '\(spec.kind.value)' has no implementation")
        }
    }

    private static func baselineParameters(_ p: ParameterSet) -> Baseline.Parameters {
        // Unwritten epochs follow the method's own default (10 for ALS, 20 for SGD, as Surprise).
        let epochs: Int? = if case .int(let written)? = p.written["epochs"]?.value { written } else { nil }
        return Baseline.Parameters(method: p.string("method") == "sgd" ? .sgd : .als, epochs: epochs,
                            regUser: p.double("reg_user") ?? 15, regItem: p.double("reg_item") ?? 10,
                            reg: p.double("reg") ?? 0.02, learningRate: p.double("lr") ?? 0.005)
    }
}
