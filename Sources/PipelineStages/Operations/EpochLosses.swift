import MLModels

/// A fitted model that records its training loss after each epoch, which the
/// fit node keeps with its predictions for the report's learning curves.
protocol RecordsEpochLosses {
    /// The sum of squared errors on the training part after each epoch, as the model computes it.
    var epochLosses: [Double] { get }
}

extension MatrixFactorization.Fitted: RecordsEpochLosses {}
extension SVDPlusPlus.Fitted: RecordsEpochLosses {}
extension AlternatingLeastSquares.Fitted: RecordsEpochLosses {}
extension FactorizationMachine.Fitted: RecordsEpochLosses {}
extension TimeSVDPlusPlus.Fitted: RecordsEpochLosses {}

/// The mean over folds of each epoch's loss; an epoch some folds did not reach
/// (a fit stopped early) is the mean of those that did.
func meanEpochLosses(_ folds: [[Double]]) -> [Double]? {
    let epochs = folds.map(\.count).max() ?? 0
    guard epochs > 0 else { return nil }
    return (0..<epochs).map { epoch in
        let values = folds.compactMap { epoch < $0.count ? $0[epoch] : nil }
        return values.reduce(0, +) / Double(values.count)
    }
}
