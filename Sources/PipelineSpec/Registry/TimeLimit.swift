/// A span of wall-clock time, such as a search's budget: seconds, written as a
/// number of seconds or with a suffix (`45s`, `10m`, `2h`, `1d`).
public struct TimeLimit: ParameterConvertible, Hashable {
    public var seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    public static var parameterType: ParameterType { .duration }
    public init?(parameterValue: ParameterValue) {
        switch parameterValue {
        case .int, .double:
            guard let number = parameterValue.number, number > 0, number.isFinite else { return nil }
            seconds = number
        case .string(let text):
            guard let number = WindowSize.parseDuration(text) else { return nil }
            seconds = number
        case .bool, .list: return nil
        }
    }
    public var parameterValue: ParameterValue { .double(seconds) }
}
