import MLCore
import PipelineSpec

/// Which part of each training part the sub-models see.
enum SampleKinds {
    enum By: String, ParameterChoice {
        case user, item

        var stratum: Stratum {
            switch self {
            case .user: .user
            case .item: .item
            }
        }
    }

    static let fraction = OptionalParameter<Double>(
        "fraction", bounds: NumericBounds(low: 0, high: 1, includesLow: false),
        tunable: true, "share of the training part to keep")
    static let size = OptionalParameter<Int>("size", bounds: .atLeastOne, tunable: true, "number of ratings to keep")
    static let by = Parameter("by", default: By.user, "the groups whose shares are kept")
    static let window = OptionalParameter<Double>(
        "window", bounds: .positive, "keep ratings this many time units before the latest")

    static let wholePart = Kind<Void, SamplingMethod>("all", "the whole training part") { _ in .all }

    static let uniform = Kind<Void, SamplingMethod>(
        "uniform", "a uniform random sample (fraction or size)", parameters: [fraction, size], exactlyOneOf: ["fraction", "size"]
    ) { p in
        if let size = try p.value(size) { return .uniform(.count(size)) }
        return .uniform(.fraction(try written(fraction, in: p)))
    }

    static let stratified = Kind<Void, SamplingMethod>(
        "stratified", "a random sample keeping each user's (or item's) share", parameters: [fraction, by],
        exactlyOneOf: ["fraction"]
    ) { p in
        .stratified(by: try p.value(by).stratum, fraction: try written(fraction, in: p))
    }

    static let recent = Kind<Void, SamplingMethod>(
        "recent", "the latest ratings by time", parameters: [fraction, window], requires: .timeColumn,
        exactlyOneOf: ["fraction", "window"]
    ) { p in
        if let window = try p.value(window) { return .recent(.duration(window)) }
        return .recent(.fraction(try written(fraction, in: p)))
    }

    static let reservoir = Kind<Void, SamplingMethod>(
        "reservoir", "a fixed-size sample in one pass, for inputs larger than memory", parameters: [size], exactlyOneOf: ["size"]
    ) { p in
        .reservoir(size: try written(size, in: p))
    }

    static let all = [wholePart, uniform, stratified, recent, reservoir]

    /// A parameter that the kind's `exactlyOneOf` made the file write.
    private static func written<Value>(_ parameter: OptionalParameter<Value>, in p: ParameterSet) throws -> Value {
        guard let value = try p.value(parameter) else { throw KindTableError("'\(parameter.name)' is required here") }
        return value
    }
}
