/// Which part of each training part the sub-models see.
public enum SampleMethods {
    public static let all: [KindDescriptor] = [wholePart, uniform, stratified, recent, reservoir]

    static let fraction = ParameterDescriptor("fraction", .double, bounds: NumericBounds(low: 0, high: 1, includesLow: false),
                                              tunable: true, "share of the training part to keep")
    static let size = ParameterDescriptor("size", .int, bounds: .atLeastOne, tunable: true, "number of ratings to keep")

    static let wholePart = KindDescriptor("all", "the whole training part")
    static let uniform = KindDescriptor("uniform", "a uniform random sample (fraction or size)", parameters: [fraction, size])
    static let stratified = KindDescriptor(
        "stratified", "a random sample keeping each user's (or item's) share",
        parameters: [
            fraction,
            ParameterDescriptor("by", .choice(["user", "item"]), default: .string("user"), "the groups whose shares are kept"),
        ])
    static let recent = KindDescriptor(
        "recent", "the latest ratings by time",
        parameters: [
            fraction,
            ParameterDescriptor("window", .double, bounds: .positive, "keep ratings this many time units before the latest"),
        ])
    static let reservoir = KindDescriptor(
        "reservoir", "a fixed-size sample in one pass, for inputs larger than memory", parameters: [size])
}
