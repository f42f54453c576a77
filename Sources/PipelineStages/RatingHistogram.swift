import Foundation
import PipelineGraph

/// A model's test predictions and the true ratings of the same rows, counted
/// in the same bins across the rating scale: in the results under each
/// model's `histogram`, summed over the folds.
public struct RatingHistogram: Codable, Sendable, Equatable {
    /// The bins' edges, one more than the bins. Bins are centred on round
    /// values of the scale: 1, 1.5, …, 5 on a 1–5 scale.
    public var edges: [Double]
    /// Test predictions per bin.
    public var predicted: [Int]
    /// True ratings of the test rows per bin.
    public var truth: [Int]

    public init(edges: [Double], predicted: [Int], truth: [Int]) {
        self.edges = edges
        self.predicted = predicted
        self.truth = truth
    }

    /// Both lists counted in the bins `edges(scale:)` gives.
    init(predicted: [Double], truth: [Double], scale: ClosedRange<Double>) {
        let edges = Self.edges(scale: scale)
        self.init(edges: edges, predicted: Self.counts(predicted, edges: edges), truth: Self.counts(truth, edges: edges))
    }

    /// About eight steps across the scale, each 1, 2 or 5 times a power of ten,
    /// with a bin centred on each step from the lower end to the upper.
    static func edges(scale: ClosedRange<Double>) -> [Double] {
        let span = scale.upperBound - scale.lowerBound
        let step = span > 0 && span.isFinite ? niceStep(span / 8) : 1
        let steps = span > 0 && span.isFinite ? span / step : 0
        let whole = (steps + 1e-9).rounded(.down)
        let bins = Int(whole) + 1 + (steps - whole > 1e-9 ? 1 : 0)
        return (0...bins).map { scale.lowerBound - step / 2 + Double($0) * step }
    }

    /// How many values fall in each bin; values beyond the edges count in the first or last bin.
    static func counts(_ values: [Double], edges: [Double]) -> [Int] {
        let bins = edges.count - 1
        guard bins > 0 else { return [] }
        let step = (edges[bins] - edges[0]) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for value in values where value.isFinite {
            let bin = Int(((value - edges[0]) / step).rounded(.down))
            counts[min(max(bin, 0), bins - 1)] += 1
        }
        return counts
    }

    /// The histograms of every fold added up; `nil` when any fold has none or their bins differ.
    static func sum(_ folds: [RatingHistogram?]) -> RatingHistogram? {
        guard var total = folds.first ?? nil else { return nil }
        for case let fold in folds.dropFirst() {
            guard let fold, fold.edges == total.edges else { return nil }
            total.predicted = zip(total.predicted, fold.predicted).map(+)
            total.truth = zip(total.truth, fold.truth).map(+)
        }
        return total
    }

    private static func niceStep(_ rough: Double) -> Double {
        let power = pow(10, floor(log10(rough)))
        let fraction = rough / power
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power
    }
}

extension RatingHistogram {
    /// As an evaluation node passes it to the summary.
    var artifact: Artifact {
        .record([
            "edges": .doubles(edges), "predicted": .doubles(predicted.map(Double.init)),
            "truth": .doubles(truth.map(Double.init)),
        ])
    }

    init?(_ artifact: Artifact?) {
        guard let edges = artifact?[field: "edges"]?.doubleArray, let predicted = artifact?[field: "predicted"]?.doubleArray,
            let truth = artifact?[field: "truth"]?.doubleArray
        else { return nil }
        self.init(edges: edges, predicted: predicted.map { Int($0) }, truth: truth.map { Int($0) })
    }
}
