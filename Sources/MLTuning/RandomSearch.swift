import MLCore

/// Points drawn independently of the observed values, from one of three designs:
/// - `uniform`: each coordinate uniform in its unit interval (so log dimensions are uniform
///   in log space); point `k` of the search depends only on the seed and `k`.
/// - `sobol`: the scrambled Sobol' sequence (linear matrix scramble and digital shift, seeded);
///   point `k` is the sequence's point `k`, so a search covers the space evenly however it is
///   batched.
/// - `latinHypercube`: Latin hypercube blocks. Without `block`, each call's `count` proposals
///   form one Latin hypercube (every dimension's unit interval cut into `count` strata, one
///   point in each), drawn from the seed and `history.count`: ask for the whole budget at once,
///   or a batch per round, to stratify it. With `block: B`, the search is cut into consecutive
///   blocks of `B` points whatever the batching (points `k` with the same `k / B`), and each
///   block is a Latin hypercube.
///
/// Discrete dimensions take the value of their unit coordinate's bin, so each value gets its
/// share of the points.
public struct RandomSearch: SearchStrategy {
    public enum Design: String, Sendable, CaseIterable {
        case uniform, sobol
        case latinHypercube = "latin-hypercube"
    }

    public let space: SearchSpace
    public let seed: UInt64
    public let design: Design
    public let block: Int?
    private let sobol: SobolSequence?

    public init(space: SearchSpace, seed: UInt64, design: Design = .uniform) {
        self.init(space: space, seed: seed, design: design, block: nil)
    }

    /// `block` (Latin hypercube only): the size of the blocks that are stratified, independent
    /// of how many points each call asks for.
    public init(space: SearchSpace, seed: UInt64, design: Design, block: Int?) {
        self.space = space
        self.seed = seed
        self.design = design
        self.block = block.map { Swift.max($0, 1) }
        sobol = design == .sobol ? SobolSequence(dimensions: space.count, scrambleSeed: seed) : nil
    }

    public func propose(history: [Observation], count: Int) -> [Point] {
        guard count > 0 else { return [] }
        let start = history.count
        switch design {
        case .uniform:
            return (0..<count).map { i in space.point(unit: Self.uniformUnit(space.count, seed: seed, index: start + i)) }
        case .sobol:
            var unit = [Double](repeating: 0, count: space.count)
            return (0..<count).map { i in
                sobol?.point(start + i, into: &unit)
                return space.point(unit: unit)
            }
        case .latinHypercube:
            if let block {
                var proposals: [Point] = []
                var k = start
                while proposals.count < count {
                    let blockIndex = k / block
                    let design = LatinHypercube(
                        size: block, dimensions: space.count, seed: seed, label: "latin hypercube block", index: blockIndex)
                    let end = Swift.min((blockIndex + 1) * block, start + count)
                    for position in (k - blockIndex * block)..<(end - blockIndex * block) {
                        proposals.append(space.point(unit: design.unit(position)))
                    }
                    k = end
                }
                return proposals
            }
            let design = LatinHypercube(size: count, dimensions: space.count, seed: seed, label: "latin hypercube", index: start)
            return (0..<count).map { space.point(unit: design.unit($0)) }
        }
    }

    static func uniformUnit(_ dimensions: Int, seed: UInt64, index: Int) -> [Double] {
        var generator = Streams.generator(seed: seed, "random uniform", index: index)
        var unit = [Double](repeating: 0, count: dimensions)
        for d in 0..<dimensions { unit[d] = generator.nextUnit() }
        return unit
    }
}

/// A Latin hypercube of `size` points in [0, 1)^dimensions: per dimension a seeded
/// permutation of the strata and a uniform position inside each stratum.
struct LatinHypercube {
    let size: Int
    let dimensions: Int
    /// Row-major size × dimensions unit coordinates.
    private(set) var coordinates: [Double]

    init(size: Int, dimensions: Int, seed: UInt64, label: String, index: Int) {
        self.size = size
        self.dimensions = dimensions
        var generator = Streams.generator(seed: seed, label, index: index)
        var coordinates = [Double](repeating: 0, count: size * dimensions)
        var strata = [Int](0..<size)
        for d in 0..<dimensions {
            generator.shuffle(&strata)
            for i in 0..<size { coordinates[i * dimensions + d] = (Double(strata[i]) + generator.nextUnit()) / Double(size) }
        }
        self.coordinates = coordinates
    }

    func unit(_ position: Int) -> [Double] {
        Array(coordinates[(position * dimensions)..<((position + 1) * dimensions)])
    }
}
