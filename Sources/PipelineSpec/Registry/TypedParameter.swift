import Foundation

/// A Swift type that a parameter's value can have. The decoder checks values
/// against `parameterType`; builders read them back through `init?(parameterValue:)`.
public protocol ParameterConvertible: Sendable {
    static var parameterType: ParameterType { get }
    init?(parameterValue: ParameterValue)
    var parameterValue: ParameterValue { get }
}

extension Int: ParameterConvertible {
    public static var parameterType: ParameterType { .int }
    public init?(parameterValue: ParameterValue) {
        guard case .int(let value) = parameterValue else { return nil }
        self = value
    }
    public var parameterValue: ParameterValue { .int(self) }
}

extension Double: ParameterConvertible {
    public static var parameterType: ParameterType { .double }
    /// Whole numbers written without a fraction (`alpha: 1`) are doubles too.
    public init?(parameterValue: ParameterValue) {
        guard let number = parameterValue.number else { return nil }
        self = number
    }
    public var parameterValue: ParameterValue { .double(self) }
}

extension Bool: ParameterConvertible {
    public static var parameterType: ParameterType { .bool }
    public init?(parameterValue: ParameterValue) {
        guard case .bool(let value) = parameterValue else { return nil }
        self = value
    }
    public var parameterValue: ParameterValue { .bool(self) }
}

extension String: ParameterConvertible {
    public static var parameterType: ParameterType { .string }
    public init?(parameterValue: ParameterValue) {
        guard case .string(let value) = parameterValue else { return nil }
        self = value
    }
    public var parameterValue: ParameterValue { .string(self) }
}

/// Files a kind reads (paths relative to the pipeline file); their contents
/// enter the cache key of every node that uses the kind.
public struct FileList: ParameterConvertible, Hashable {
    public var paths: [String]

    public init(_ paths: [String]) { self.paths = paths }

    public static var parameterType: ParameterType { .pathList }
    public init?(parameterValue: ParameterValue) {
        guard case .list(let values) = parameterValue else { return nil }
        var paths: [String] = []
        for value in values {
            guard case .string(let path) = value else { return nil }
            paths.append(path)
        }
        self.paths = paths
    }
    public var parameterValue: ParameterValue { .list(paths.map(ParameterValue.string)) }
}

/// A list of names, such as the folds a `given` split evaluates.
public struct NameList: ParameterConvertible, Hashable {
    public var names: [String]

    public init(_ names: [String]) { self.names = names }

    public static var parameterType: ParameterType { .stringList }
    public init?(parameterValue: ParameterValue) {
        guard let files = FileList(parameterValue: parameterValue) else { return nil }
        names = files.paths
    }
    public var parameterValue: ParameterValue { .list(names.map(ParameterValue.string)) }
}

/// The name of a model of `models:`; the checks resolve it before anything runs.
public struct ModelName: ParameterConvertible, Hashable {
    public var name: String

    public init(_ name: String) { self.name = name }

    public static var parameterType: ParameterType { .modelName }
    public init?(parameterValue: ParameterValue) {
        guard case .string(let name) = parameterValue else { return nil }
        self.name = name
    }
    public var parameterValue: ParameterValue { .string(name) }
}

/// One model name or several (`of: svd` or `of: [svd, knn]`).
public struct ModelNames: ParameterConvertible, Hashable {
    public var names: [String]

    public init(_ names: [String]) { self.names = names }

    public static var parameterType: ParameterType { .modelNames }
    public init?(parameterValue: ParameterValue) {
        switch parameterValue {
        case .string(let name): names = [name]
        case .list:
            guard let list = NameList(parameterValue: parameterValue) else { return nil }
            names = list.names
        default: return nil
        }
    }
    public var parameterValue: ParameterValue { .list(names.map(ParameterValue.string)) }
}

/// A window of time: a span in the data's time unit, written as a number of
/// units or with a suffix that takes the unit to be the second (`45s`, `90m`,
/// `12h`, `30d`, `2w`), or a number of rows (`{rows: 5000}`).
public enum WindowSize: ParameterConvertible, Hashable {
    case duration(Double)
    case rows(Int)

    /// Seconds per suffix.
    static let suffixes: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// `30d` as 2,592,000; `nil` for text that is not a positive duration.
    public static func parseDuration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return nil }
        let factor = suffixes[last]
        let digits = factor == nil ? trimmed : String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces)
        guard let number = Double(digits), number.isFinite, number > 0 else { return nil }
        return number * (factor ?? 1)
    }

    public static var parameterType: ParameterType { .window }
    public init?(parameterValue: ParameterValue) {
        switch parameterValue {
        case .int, .double:
            guard let number = parameterValue.number, number > 0 else { return nil }
            self = .duration(number)
        case .string(let text):
            guard let number = Self.parseDuration(text) else { return nil }
            self = .duration(number)
        case .list(let parts):
            guard parts.count == 2, parts[0] == .string("rows"), case .int(let rows) = parts[1], rows > 0 else { return nil }
            self = .rows(rows)
        case .bool: return nil
        }
    }
    public var parameterValue: ParameterValue {
        switch self {
        case .duration(let units): .double(units)
        case .rows(let rows): .list([.string("rows"), .int(rows)])
        }
    }
}

/// A list of words of one fixed set, such as stacking's meta-features.
public struct ChoiceList<Choice: ParameterChoice & Hashable>: ParameterConvertible, Hashable {
    public var choices: [Choice]

    public init(_ choices: [Choice]) { self.choices = choices }

    public static var parameterType: ParameterType { .choiceList(Choice.allCases.map(\.rawValue)) }
    public init?(parameterValue: ParameterValue) {
        guard let words = NameList(parameterValue: parameterValue) else { return nil }
        var choices: [Choice] = []
        for word in words.names {
            guard let choice = Choice(rawValue: word) else { return nil }
            choices.append(choice)
        }
        self.choices = choices
    }
    public var parameterValue: ParameterValue { .list(choices.map { .string($0.rawValue) }) }
}

/// One of a fixed set of words, as a Swift enum whose raw values are the words.
public protocol ParameterChoice: ParameterConvertible, RawRepresentable<String>, CaseIterable {}

extension ParameterChoice {
    public static var parameterType: ParameterType { .choice(allCases.map(\.rawValue)) }
    public init?(parameterValue: ParameterValue) {
        guard case .string(let word) = parameterValue else { return nil }
        self.init(rawValue: word)
    }
    public var parameterValue: ParameterValue { .string(rawValue) }
}

/// What every typed parameter declares: the descriptor the validator reads.
public protocol DeclaredParameter: Sendable {
    var descriptor: ParameterDescriptor { get }
}

/// A parameter that always has a value: written, or its default. Builders
/// read it as `Value`, so a checked value is never read again by name.
public struct Parameter<Value: ParameterConvertible>: DeclaredParameter {
    public let descriptor: ParameterDescriptor

    public init(_ name: String, default value: Value, bounds: NumericBounds? = nil, tunable: Bool = false, _ summary: String) {
        descriptor = ParameterDescriptor(
            name, Value.parameterType, default: value.parameterValue, bounds: bounds,
            tunable: tunable, summary)
    }

    /// A parameter with no default that the file must write.
    public init(required name: String, bounds: NumericBounds? = nil, tunable: Bool = false, _ summary: String) {
        descriptor = ParameterDescriptor(name, Value.parameterType, required: true, bounds: bounds, tunable: tunable, summary)
    }

    public var name: String { descriptor.name }
}

/// A parameter that may be left out; its absence means something of its own
/// (a sample given by `size` rather than `fraction`, say).
public struct OptionalParameter<Value: ParameterConvertible>: DeclaredParameter {
    public let descriptor: ParameterDescriptor

    public init(_ name: String, bounds: NumericBounds? = nil, tunable: Bool = false, _ summary: String) {
        descriptor = ParameterDescriptor(name, Value.parameterType, bounds: bounds, tunable: tunable, summary)
    }

    public var name: String { descriptor.name }
}

/// A value that does not fit its declared type. The decoder makes this
/// impossible for files; it guards specs built by hand.
public struct ParameterTypeError: Error, CustomStringConvertible {
    public var kind: String
    public var parameter: String
    public var found: String
    public var expected: String

    public var description: String {
        found.isEmpty
            ? "\(kind): parameter '\(parameter)' has no value"
            : "\(kind): parameter '\(parameter)' must be \(expected), found '\(found)'"
    }
}

extension ParameterSet {
    /// The written value, else the default; never a made-up fallback.
    public func value<Value>(_ parameter: Parameter<Value>) throws(ParameterTypeError) -> Value {
        guard let stored = self[parameter.name] else {
            throw ParameterTypeError(
                kind: descriptor.name, parameter: parameter.name, found: "", expected: Value.parameterType.name)
        }
        return try converted(stored, parameter.descriptor)
    }

    /// The written value, or `nil` when the file leaves it out.
    public func value<Value>(_ parameter: OptionalParameter<Value>) throws(ParameterTypeError) -> Value? {
        guard let stored = self[parameter.name] else { return nil }
        return try converted(stored, parameter.descriptor) as Value
    }

    private func converted<Value: ParameterConvertible>(
        _ stored: ParameterValue, _ parameter: ParameterDescriptor
    ) throws(ParameterTypeError) -> Value {
        guard let value = Value(parameterValue: stored) else {
            throw ParameterTypeError(
                kind: descriptor.name, parameter: parameter.name, found: stored.description,
                expected: parameter.type.name)
        }
        return value
    }
}

/// A list of integers, such as the widths of a network's layers.
public struct IntList: ParameterConvertible, Hashable {
    public var values: [Int]

    public init(_ values: [Int]) { self.values = values }

    public static var parameterType: ParameterType { .intList }
    public init?(parameterValue: ParameterValue) {
        guard case .list(let items) = parameterValue else { return nil }
        var values: [Int] = []
        for item in items {
            guard case .int(let value) = item else { return nil }
            values.append(value)
        }
        self.values = values
    }
    public var parameterValue: ParameterValue { .list(values.map(ParameterValue.int)) }
}

/// One word of a fixed set for all, or a list of them (one per layer).
public struct ChoiceOrList<Choice: ParameterChoice & Hashable>: ParameterConvertible, Hashable {
    public var choices: [Choice]

    public init(_ choices: [Choice]) { self.choices = choices }

    public static var parameterType: ParameterType { .choiceOrList(Choice.allCases.map(\.rawValue)) }
    public init?(parameterValue: ParameterValue) {
        if let one = Choice(parameterValue: parameterValue) {
            choices = [one]
        } else if let list = ChoiceList<Choice>(parameterValue: parameterValue) {
            choices = list.choices
        } else {
            return nil
        }
    }
    public var parameterValue: ParameterValue {
        choices.count == 1 ? choices[0].parameterValue : .list(choices.map(\.parameterValue))
    }
}

/// Early stopping as written: a patience alone (the first metric), or
/// `{patience: N, metric: word}`.
public struct StoppingRule<Metric: ParameterChoice & Hashable>: ParameterConvertible, Hashable {
    public var patience: Int
    public var metric: Metric

    public init(patience: Int, metric: Metric) {
        self.patience = patience
        self.metric = metric
    }

    public static var parameterType: ParameterType { .stoppingRule(Metric.allCases.map(\.rawValue)) }
    public init?(parameterValue: ParameterValue) {
        switch parameterValue {
        case .int(let patience):
            guard let first = Metric.allCases.first else { return nil }
            self.init(patience: patience, metric: first)
        case .list(let parts):
            guard parts.count == 2, case .int(let patience) = parts[0], let metric = Metric(parameterValue: parts[1]) else {
                return nil
            }
            self.init(patience: patience, metric: metric)
        default:
            return nil
        }
    }
    public var parameterValue: ParameterValue { .list([.int(patience), metric.parameterValue]) }
}
