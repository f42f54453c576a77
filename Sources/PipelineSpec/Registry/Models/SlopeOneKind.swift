extension ModelKinds {
    static let slopeOne = KindDescriptor("slope-one", "weighted Slope One: average rating differences between items")
}
