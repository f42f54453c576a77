import Foundation

/// Fixed number formats for charts: coordinates with one decimal and tick
/// labels with as many decimals as the tick step needs, never the locale's.
public enum ChartNumber {
    /// A coordinate in the SVG's user units.
    static func coordinate(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }

    /// A tick label for a value on an axis whose ticks are `step` apart
    /// (a step of 1, 2 or 5 times a power of ten, as `NiceScale` makes them).
    static func tick(_ value: Double, step: Double) -> String {
        let magnitude = Swift.max(abs(value), abs(step))
        if magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-4) {
            // 5e6 and 2.5e-5: the exponent without the C library's sign and padding.
            return String(format: "%.3g", value).replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(
                of: "e+", with: "e"
            ).replacingOccurrences(of: "e-0", with: "e-")
        }
        let decimals = step > 0 ? Swift.max(0, -Int(floor(log10(step) + 1e-9))) : 2
        let text = String(format: "%.\(Swift.min(decimals, 6))f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// A value for people (tooltips, tables): an integer as it is, else four decimals
    /// (or four significant digits when very large or small).
    public static func value(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        if abs(value) >= 1e5 || abs(value) < 1e-3 { return String(format: "%.4g", value) }
        return String(format: "%.4f", value)
    }
}
