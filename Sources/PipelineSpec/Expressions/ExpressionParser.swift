import PipelineBasics

/// Parses one search-space expression (`grammar/expressions.ebnf`):
///
///     expression = identifier "(" [ argument { "," argument } ] ")" ;
///     argument   = number | identifier | string ;
///
/// and checks it: the function exists, its arguments have the right count and
/// types, and its bounds make sense (low < high, log bounds positive,
/// integer bounds integral, choices non-empty and of one type).
struct ExpressionParser {
    private let tokens: [ExpressionToken]
    /// Where a character offset of the text is in the file.
    private let locate: (Int) -> SourcePosition
    private let path: String
    private let sink: DiagnosticSink
    /// Where the text came from, when it was substituted from a param.
    private let notes: [String]
    private var index = 0
    /// Where each argument was written, once parsed: later checks point at the value at fault.
    private(set) var argumentPositions: [SourcePosition] = []

    static let functions = ["uniform", "loguniform", "int", "choice"]

    /// - Parameter locate: the file position of a character offset of `text`.
    init(text: String, path: String, sink: DiagnosticSink, notes: [String] = [], locate: @escaping (Int) -> SourcePosition) {
        self.notes = notes
        self.tokens = ExpressionToken.tokenize(text)
        self.locate = locate
        self.path = path
        self.sink = sink
    }

    private func position(_ token: ExpressionToken) -> SourcePosition {
        locate(token.offset)
    }

    private func fail(_ message: String, at token: ExpressionToken, hints: [String] = []) -> Located<Distribution>? {
        sink.error(.invalidExpression, message, at: position(token), notes: notes, hints: hints)
        return nil
    }

    mutating func parse() -> Located<Distribution>? {
        let start = tokens[0]
        guard case .identifier(let function) = start.kind else {
            return fail(
                "'\(path)' must be a search expression such as loguniform(0.001, 0.1)", at: start,
                hints: ["expressions: uniform(a, b), loguniform(a, b), int(a, b), int(a, b, log), choice(v1, v2, ...)"])
        }
        guard Self.functions.contains(function) else {
            var hints = didYouMean(function, among: Self.functions)
            hints.append("expressions: uniform(a, b), loguniform(a, b), int(a, b), int(a, b, log), choice(v1, v2, ...)")
            return fail("unknown search expression '\(function)'", at: start, hints: hints)
        }
        index = 1
        guard tokens[index].kind == .open else {
            return fail("expected '(' after '\(function)'", at: tokens[index])
        }
        index += 1
        var arguments: [(value: ParameterValue, token: ExpressionToken)] = []
        if tokens[index].kind != .close {
            while true {
                let token = tokens[index]
                guard let value = token.kind.argumentValue else {
                    switch token.kind {
                    case .invalidNumber, .unterminatedString: return fail(token.kind.description, at: token)
                    default: return fail("expected a value, found \(token.kind.description)", at: token)
                    }
                }
                arguments.append((value, token))
                index += 1
                if tokens[index].kind == .comma {
                    index += 1
                    continue
                }
                guard tokens[index].kind == .close else {
                    return fail("expected ',' or ')', found \(tokens[index].kind.description)", at: tokens[index])
                }
                break
            }
        }
        index += 1
        guard tokens[index].kind == .end else {
            return fail("unexpected \(tokens[index].kind.description) after the expression", at: tokens[index])
        }
        argumentPositions = arguments.map { position($0.token) }
        return build(function, arguments: arguments, at: start)
    }

    private func build(
        _ function: String, arguments: [(value: ParameterValue, token: ExpressionToken)], at start: ExpressionToken
    ) -> Located<Distribution>? {
        let location = position(start)
        switch function {
        case "uniform", "loguniform":
            guard arguments.count == 2 else {
                return fail("\(function) takes 2 arguments (low, high), found \(arguments.count)", at: start)
            }
            guard let low = arguments[0].value.number else {
                return fail("low bound of \(function) must be a number", at: arguments[0].token)
            }
            guard let high = arguments[1].value.number else {
                return fail("high bound of \(function) must be a number", at: arguments[1].token)
            }
            guard low < high else {
                return fail(
                    "\(function) needs low < high, found \(arguments[0].token.kind.writtenText) and \(arguments[1].token.kind.writtenText)",
                    at: arguments[0].token)
            }
            if function == "loguniform" {
                guard low > 0 else {
                    return fail(
                        "loguniform needs positive bounds, found \(arguments[0].token.kind.writtenText)", at: arguments[0].token,
                        hints: ["use uniform(a, b) for ranges that include 0 or negative values"])
                }
                return Located(.logUniform(low: low, high: high), at: location)
            }
            return Located(.uniform(low: low, high: high), at: location)
        case "int":
            guard arguments.count == 2 || arguments.count == 3 else {
                return fail("int takes 2 or 3 arguments (low, high[, log]), found \(arguments.count)", at: start)
            }
            guard case .int(let low) = arguments[0].value else {
                return fail(
                    "low bound of int must be an integer, found \(arguments[0].token.kind.writtenText)", at: arguments[0].token)
            }
            guard case .int(let high) = arguments[1].value else {
                return fail(
                    "high bound of int must be an integer, found \(arguments[1].token.kind.writtenText)", at: arguments[1].token)
            }
            var log = false
            if arguments.count == 3 {
                guard arguments[2].value == .string("log") else {
                    return fail(
                        "the third argument of int can only be 'log', found \(arguments[2].value)", at: arguments[2].token)
                }
                log = true
            }
            guard low < high else { return fail("int needs low < high, found \(low) and \(high)", at: arguments[0].token) }
            if log && low < 1 {
                return fail("int(..., log) needs a low bound of at least 1, found \(low)", at: arguments[0].token)
            }
            return Located(.int(low: low, high: high, log: log), at: location)
        default:
            return Self.checkedChoice(
                arguments.map { ($0.value, position($0.token)) }, at: location, path: path, sink: sink, notes: notes)
        }
    }

    /// A choice must be non-empty, without repeats, and of one type (integers and numbers mix).
    static func checkedChoice(
        _ located: [(value: ParameterValue, position: SourcePosition)], at position: SourcePosition, path: String,
        sink: DiagnosticSink,
        notes: [String] = []
    ) -> Located<Distribution>? {
        let values = located.map(\.value)
        guard !values.isEmpty else {
            sink.error(.invalidSpace, "choice for '\(path)' is empty", at: position, hints: ["list at least one value"])
            return nil
        }
        let kinds = Set(values.map(\.typeGroup))
        guard kinds.count == 1 else {
            // Point at the first value whose type differs from the first one's.
            let odd = located.first { $0.value.typeGroup != values[0].typeGroup }?.position ?? position
            sink.error(
                .invalidSpace, "choices for '\(path)' mix types: " + values.map(\.expressionText).joined(separator: ", "),
                at: odd, notes: notes, hints: ["use values of one type: all numbers, all strings or all booleans"])
            return nil
        }
        var seen: [(value: ParameterValue, position: SourcePosition)] = []
        for value in located {
            if let first = seen.first(where: { $0.value == value.value }) {
                sink.error(
                    .invalidSpace, "choice for '\(path)' lists \(value.value.expressionText) twice", at: value.position,
                    notes: ["first listed at line \(first.position.line), column \(first.position.column)"] + notes)
                return nil
            }
            seen.append(value)
        }
        return Located(.choice(values), at: position)
    }

    static func parameterValue(_ scalar: ScalarValue) -> ParameterValue? {
        switch scalar {
        case .int(let value): .int(value)
        case .double(let value) where value.isFinite: .double(value)
        case .bool(let value): .bool(value)
        case .string(let value): .string(value)
        default: nil
        }
    }
}

extension ParameterValue {
    /// Integers and numbers are one group in a choice; strings and booleans their own.
    var typeGroup: Int {
        switch self {
        case .int, .double: 0
        case .string: 1
        case .bool: 2
        case .list: 3
        }
    }
}
