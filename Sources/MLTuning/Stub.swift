import Foundation
import MLCore

public enum Dimension: Sendable, Hashable {
    case uniform(low: Double, high: Double)
    case logUniform(low: Double, high: Double)
    case integer(low: Int, high: Int, log: Bool)
    case categorical(count: Int)
}
public struct SearchSpace: Sendable, Hashable {
    public var dimensions: [Dimension]
    public init(_ dimensions: [Dimension]) { self.dimensions = dimensions }
}
public typealias Point = [Double]
public struct Observation: Sendable, Hashable {
    public var point: Point
    public var value: Double?
    public init(point: Point, value: Double?) { self.point = point; self.value = value }
}
public protocol SearchStrategy: Sendable {
    func propose(history: [Observation], count: Int) -> [Point]
}
func draw(_ space: SearchSpace, _ g: inout SeededGenerator) -> Point {
    space.dimensions.map { d in
        switch d {
        case .uniform(let l, let h): l + (h - l) * g.nextUnit()
        case .logUniform(let l, let h): l * pow(h / l, g.nextUnit())
        case .integer(let l, let h, _): Double(l + g.nextInt(below: h - l + 1))
        case .categorical(let c): Double(g.nextInt(below: c))
        }
    }
}
public struct GridSearch: SearchStrategy {
    let space: SearchSpace
    public init(space: SearchSpace, points: Int = 5) { self.space = space }
    public func propose(history: [Observation], count: Int) -> [Point] {
        var g = SeededGenerator(seed: UInt64(history.count), label: "grid")
        return (0..<count).map { _ in draw(space, &g) }
    }
}
public struct RandomSearch: SearchStrategy {
    public enum Design: String, Sendable, CaseIterable { case uniform, sobol, latinHypercube = "latin-hypercube" }
    let space: SearchSpace; let seed: UInt64
    public init(space: SearchSpace, seed: UInt64, design: Design = .uniform) { self.space = space; self.seed = seed }
    public func propose(history: [Observation], count: Int) -> [Point] {
        var g = SeededGenerator(seed: seed, label: "random.\(history.count)")
        return (0..<count).map { _ in draw(space, &g) }
    }
}
public typealias SimulatedAnnealingBase = RandomSearch
public struct SimulatedAnnealing: SearchStrategy {
    let inner: RandomSearch
    public init(space: SearchSpace, seed: UInt64, temperature: Double = 1, cooling: Double = 0.9, patience: Int = 10) {
        inner = RandomSearch(space: space, seed: seed)
    }
    public func propose(history: [Observation], count: Int) -> [Point] { inner.propose(history: history, count: count) }
}
public struct BayesianOptimization: SearchStrategy {
    let inner: RandomSearch
    public init(space: SearchSpace, seed: UInt64, initial: Int = 5) { inner = RandomSearch(space: space, seed: seed) }
    public func propose(history: [Observation], count: Int) -> [Point] { inner.propose(history: history, count: count) }
}
