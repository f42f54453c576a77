import Foundation

/// How an axis spreads values: evenly, or by powers of ten (a learning rate
/// searched from 0.001 to 0.1).
public enum AxisScale: Sendable, Equatable {
    case linear
    case logarithmic
}

/// An axis's domain, its ticks and how a value maps to a position along it.
struct AxisMapping: Sendable {
    /// In axis units: the values themselves, or their base-10 logarithms.
    let lower: Double
    let upper: Double
    /// Tick positions in axis units, with their labels.
    let ticks: [(unit: Double, label: String)]
    let scale: AxisScale

    /// The position of `value` between `start` (the lower end) and `end`;
    /// `nil` for a value the axis cannot show (not finite, or not positive on a log axis).
    func position(_ value: Double, from start: Double, to end: Double) -> Double? {
        guard value.isFinite, scale == .linear || value > 0 else { return nil }
        return position(unit: scale == .linear ? value : log10(value), from: start, to: end)
    }

    func position(unit: Double, from start: Double, to end: Double) -> Double {
        start + (unit - lower) / (upper - lower) * (end - start)
    }

    /// Nice round ticks (1, 2 or 5 times a power of ten) around the values.
    /// - Parameters:
    ///   - includeZero: extend the domain to 0 (bars grow from zero).
    ///   - integers: ticks on whole numbers only (folds, epochs, trials).
    ///   - exact: keep the domain as the values give it, ticks inside it (a histogram's edges).
    static func linear(_ values: [Double], includeZero: Bool = false, integers: Bool = false, exact: Bool = false)
        -> AxisMapping
    {
        let finite = values.filter(\.isFinite)
        var lower = finite.min() ?? 0, upper = finite.max() ?? 1
        if includeZero {
            lower = Swift.min(lower, 0)
            upper = Swift.max(upper, 0)
        }
        if lower == upper {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        var step = niceStep((upper - lower) / 5)
        if integers { step = Swift.max(1, step.rounded(.up)) }
        // A hair of tolerance, so that 0.88 / 0.01 is 88 and not 87.99…
        let first = exact ? (lower / step - 1e-9).rounded(.up) : (lower / step + 1e-9).rounded(.down)
        let last = exact ? (upper / step + 1e-9).rounded(.down) : (upper / step - 1e-9).rounded(.up)
        let count = Int(Swift.max(0, last - first))
        let ticks = (0...count).map { index -> (unit: Double, label: String) in
            let value = (first + Double(index)) * step
            return (value, ChartNumber.tick(value, step: step))
        }
        if exact { return AxisMapping(lower: lower, upper: upper, ticks: ticks, scale: .linear) }
        return AxisMapping(lower: first * step, upper: last * step, ticks: ticks, scale: .linear)
    }

    /// Ticks at powers of ten (and 2 and 5 times them when the values span less than two decades).
    static func logarithmic(_ values: [Double]) -> AxisMapping {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        var lower = floor(log10(positive.min() ?? 1)), upper = ceil(log10(positive.max() ?? 10))
        if lower == upper { upper += 1 }
        let multiples: [Double] = upper - lower < 2 ? [1, 2, 5] : [1]
        var ticks: [(unit: Double, label: String)] = []
        for exponent in Int(lower)...Int(upper) {
            for multiple in multiples {
                let value = multiple * pow(10, Double(exponent))
                if log10(value) <= upper + 1e-9 { ticks.append((log10(value), String(format: "%g", value))) }
            }
        }
        return AxisMapping(lower: lower, upper: upper, ticks: ticks, scale: .logarithmic)
    }

    /// 1, 2 or 5 times a power of ten, the nearest to `rough` (Heckbert's "nice numbers").
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, floor(log10(rough)))
        let fraction = rough / power
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * power
    }
}
