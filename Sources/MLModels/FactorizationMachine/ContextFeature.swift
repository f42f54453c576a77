import Foundation

/// What a rating's time says about its context, read by `fm`: one
/// categorical feature each, from the time as seconds since 1970 (UTC).
public enum ContextFeature: String, Sendable, Hashable, CaseIterable {
    case hour, weekday, month

    /// How many values the feature takes.
    public var cardinality: Int {
        switch self {
        case .hour: 24
        case .weekday: 7
        case .month: 12
        }
    }

    /// The value (from 0) of the feature at `time`.
    public func value(at time: Double) -> Int {
        guard time.isFinite else { return 0 }
        // Times past ±2^62 seconds clamp rather than trap in the conversion.
        let seconds = Int64(max(-0x1p62, min(0x1p62, time.rounded(.down))))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        switch self {
        case .hour:
            return Int(((seconds % 86_400) + 86_400) % 86_400 / 3_600)
        case .weekday:
            // 1970-01-01 was a Thursday; Monday is 0.
            return Int(((day + 3) % 7 + 7) % 7)
        case .month:
            return Self.civilMonth(daysSinceEpoch: day) - 1
        }
    }

    /// The month (1...12) of a day counted from 1970-01-01, by Howard Hinnant's civil-from-days.
    private static func civilMonth(daysSinceEpoch days: Int64) -> Int {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        return Int(shifted < 10 ? shifted + 3 : shifted - 9)
    }
}
