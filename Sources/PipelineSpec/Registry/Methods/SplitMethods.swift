/// How the data is split into training and test parts.
public enum SplitMethods {
    public static let all: [KindDescriptor] = [holdout, kfold, temporal, leaveLast, given]

    /// Parameters every split method accepts.
    static let common: [ParameterDescriptor] = [
        ParameterDescriptor("validation", .double, default: .double(0), bounds: NumericBounds(low: 0, high: 1, includesHigh: false),
                            "fraction of each training part kept for search and stacking"),
        ParameterDescriptor("stratify", .choice(["none", "user"]), default: .string("none"), "keep each user's share in every part"),
    ]

    static let holdout = KindDescriptor(
        "holdout", "one random test part",
        parameters: [ParameterDescriptor("test", .double, default: .double(0.2), bounds: .fraction, "fraction of ratings in the test part")] + common)
    static let kfold = KindDescriptor(
        "kfold", "k random folds; each is the test part once",
        parameters: [ParameterDescriptor("folds", .int, default: .int(5), bounds: NumericBounds(low: 2), "number of folds")] + common)
    static let temporal = KindDescriptor(
        "temporal", "the latest ratings by time are the test part",
        parameters: [ParameterDescriptor("test", .double, default: .double(0.2), bounds: .fraction, "fraction of ratings in the test part")] + common)
    static let leaveLast = KindDescriptor(
        "leave-last", "each user's last ratings by time are the test part",
        parameters: [ParameterDescriptor("n", .int, default: .int(1), bounds: .atLeastOne, "ratings per user in the test part")] + common)
    static let given = KindDescriptor(
        "given", "the partition comes from the data source's 'columns.group'; each distinct value is one test fold",
        parameters: [
            ParameterDescriptor("use", .stringList, default: .list([]), "evaluate only these folds (all when empty)"),
        ] + common)
}
