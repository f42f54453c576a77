extension ModelKinds {
    static let globalMean = KindDescriptor("global-mean", "predicts the mean training rating for every pair")
}
