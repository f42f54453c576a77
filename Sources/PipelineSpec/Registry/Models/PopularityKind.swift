extension ModelKinds {
    static let popularity = KindDescriptor(
        "popularity", "item mean rating shrunk towards the global mean; ranks by number of ratings",
        parameters: [
            ParameterDescriptor("damping", .double, default: .double(10), bounds: .nonNegative, tunable: true,
                                "pseudo-ratings at the global mean added to every item"),
        ])
}
