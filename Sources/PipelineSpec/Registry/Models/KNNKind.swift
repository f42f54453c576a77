extension ModelKinds {
    static let knn = KindDescriptor(
        "knn", "neighbourhood model over items or users (Surprise's KNNBasic / KNNBaseline)",
        parameters: [
            ParameterDescriptor("neighbours", .choice(["items", "users"]), default: .string("items"),
                                "item-based (similar items) or user-based (similar users)"),
            ParameterDescriptor("k", .int, default: .int(40), bounds: .atLeastOne, tunable: true, "maximum number of neighbours"),
            ParameterDescriptor("min_k", .int, default: .int(1), bounds: .atLeastOne, tunable: true,
                                "fewest neighbours for a neighbourhood estimate"),
            ParameterDescriptor("similarity", .choice(["cosine", "msd", "pearson", "pearson_baseline"]), default: .string("pearson_baseline"),
                                tunable: true, "similarity measure"),
            ParameterDescriptor("shrinkage", .double, default: .double(100), bounds: .nonNegative, tunable: true,
                                "shrinks similarities of few common ratings towards zero"),
            ParameterDescriptor("baseline", .bool, default: .bool(true), tunable: true,
                                "predict deviations from user and item biases"),
        ])
}
