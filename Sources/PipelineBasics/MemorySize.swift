import Foundation

/// Sizes of memory as people write them (`8GiB`, `512MB`, `1.5G`) and as the machine reports them.
public enum MemorySize {
    /// Bytes in `text`: a number with an optional unit (B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB; the
    /// decimal ones are powers of 1000); `nil` for anything else.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        guard let number = Double(digits), number.isFinite, number >= 0 else { return nil }
        let kibi = 1024.0
        let factors: [String: Double] = [
            "": 1, "b": 1, "k": kibi, "kib": kibi, "kb": 1e3, "m": kibi * kibi, "mib": kibi * kibi, "mb": 1e6,
            "g": kibi * kibi * kibi, "gib": kibi * kibi * kibi, "gb": 1e9, "t": kibi * kibi * kibi * kibi,
            "tib": kibi * kibi * kibi * kibi, "tb": 1e12,
        ]
        guard let factor = factors[unit], number * factor < 9e18 else { return nil }
        return Int(number * factor)
    }

    /// `12.3 GiB`, `512 MiB`.
    public static func text(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }

    /// `MemAvailable` of /proc/meminfo: what can be used without swapping; `nil` where unknown.
    public static var available: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1024
    }
}
