import PipelineBasics

/// Typed reads of a single node, each reporting "expected X, found Y" at the
/// node's position. `what` names the value in messages: "'epochs' in model 'svd'";
/// it is built only when there is a message, as most values are read without one.
struct ScalarReading {
    let sink: DiagnosticSink

    func mismatch(_ node: ConfigNode, _ what: @autoclosure () -> String, expected: String) {
        guard !node.isPoisoned else { return }
        var found = node.shapeName
        if case .scalar(let scalar) = node, case .string = scalar.resolved {
            found = scalar.text.isEmpty ? "an empty string" : found + " '\(scalar.text)'"
        } else if case .scalar(let scalar) = node, scalar.resolved != .null {
            found += " \(scalar.text)"
        }
        sink.error(
            .wrongType, "\(what()) must be \(expected), found \(found)", at: node.position,
            notes: originNotes(node))
    }

    func originNotes(_ node: ConfigNode) -> [String] {
        if case .scalar(let scalar) = node, let origin = scalar.origin { return ["the value comes from \(origin)"] }
        return []
    }

    func string(_ node: ConfigNode, _ what: @autoclosure () -> String) -> Located<String>? {
        guard case .scalar(let scalar) = node, !scalar.isPoisoned else {
            mismatch(node, what(), expected: "a string")
            return nil
        }
        switch scalar.resolved {
        case .string(let text): return Located(text, at: scalar.position)
        // A plain number or word where text is expected is still the text the user wrote.
        case .int, .double, .bool: return Located(scalar.text, at: scalar.position)
        case .null:
            mismatch(node, what(), expected: "a string")
            return nil
        }
    }

    func int(_ node: ConfigNode, _ what: @autoclosure () -> String) -> Located<Int>? {
        if case .scalar(let scalar) = node, case .int(let value) = scalar.resolved {
            return Located(value, at: scalar.position)
        }
        if case .scalar(let scalar) = node, !scalar.isQuoted, Self.isIntegerLiteral(scalar.text) {
            let negative = scalar.text.hasPrefix("-")
            sink.error(
                .outOfBounds, "\(what()) is an integer too \(negative ? "small" : "large"): \(scalar.text)", at: scalar.position,
                notes: originNotes(node),
                hints: [negative ? "the smallest integer is \(Int.min)" : "the largest integer is \(Int.max)"])
            return nil
        }
        mismatch(node, what(), expected: "an integer")
        return nil
    }

    func double(_ node: ConfigNode, _ what: String) -> Located<Double>? {
        if case .scalar(let scalar) = node {
            switch scalar.resolved {
            case .int(let value): return Located(Double(value), at: scalar.position)
            case .double(let value) where value.isFinite: return Located(value, at: scalar.position)
            case .double:
                sink.error(
                    .wrongType, "\(what) must be a finite number, found \(scalar.text)", at: scalar.position,
                    notes: originNotes(node))
                return nil
            default: break
            }
        }
        mismatch(node, what, expected: "a number")
        return nil
    }

    /// A finite number, when the node is one; reports nothing otherwise.
    func number(_ node: ConfigNode) -> ParameterValue? {
        guard case .scalar(let scalar) = node else { return nil }
        switch scalar.resolved {
        case .int(let value): return .int(value)
        case .double(let value) where value.isFinite: return .double(value)
        default: return nil
        }
    }

    func bool(_ node: ConfigNode, _ what: String) -> Located<Bool>? {
        if case .scalar(let scalar) = node, case .bool(let value) = scalar.resolved {
            return Located(value, at: scalar.position)
        }
        mismatch(node, what, expected: "true or false")
        return nil
    }

    /// A number as the user wrote it (`0.0` stays `0.0`, `16` stays `16`),
    /// else as messages print numbers.
    func written(_ node: ConfigNode, _ value: Double) -> String {
        if case .scalar(let scalar) = node, !scalar.isQuoted, case .double = scalar.resolved { return scalar.text }
        if case .scalar(let scalar) = node, !scalar.isQuoted, case .int = scalar.resolved { return scalar.text }
        return formatNumberForMessage(value)
    }

    /// `format:` with nothing after it: says the value is empty and lists the
    /// allowed words, rather than "must be a string, found null".
    func reportedEmpty(_ node: ConfigNode, _ what: String, options: [String]) -> Bool {
        guard case .scalar(let scalar) = node, !scalar.isPoisoned, scalar.resolved == .null else { return false }
        sink.error(
            .invalidValue, "\(what) is empty", at: scalar.position, notes: originNotes(node),
            hints: ["use one of: " + options.joined(separator: ", ")])
        return true
    }

    /// Digits with an optional sign: an integer, even one too large for `Int`.
    static func isIntegerLiteral(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A word from a fixed set, with "did you mean".
    func choice<T: RawRepresentable>(_ node: ConfigNode, _ what: String, as type: T.Type, options: [T]) -> Located<T>?
    where T.RawValue == String {
        if reportedEmpty(node, what, options: options.map(\.rawValue)) { return nil }
        guard let text = string(node, what) else { return nil }
        if let value = T(rawValue: text.value) { return text.map { _ in value } }
        let names = options.map(\.rawValue)
        var hints = didYouMean(text.value, among: names)
        if hints.isEmpty { hints = ["use one of: " + names.joined(separator: ", ")] }
        sink.error(
            .invalidValue, "\(what) must be one of \(names.map { "'\($0)'" }.joined(separator: ", ")), found '\(text.value)'",
            at: text.position, hints: hints)
        return nil
    }

    func stringList(_ node: ConfigNode, _ what: @autoclosure () -> String) -> [Located<String>]? {
        guard case .sequence(let items, _) = node else {
            mismatch(node, what(), expected: "a list of strings")
            return nil
        }
        let strings = items.enumerated().compactMap { index, item in string(item, "\(what())[\(index)]") }
        return strings.count == items.count ? strings : nil
    }

    /// `[low, high]` with low < high.
    func numberPair(_ node: ConfigNode, _ what: String) -> Located<[Double]>? {
        guard case .sequence(let items, let position) = node, items.count == 2 else {
            mismatch(node, what, expected: "a pair of numbers [low, high]")
            return nil
        }
        guard let low = double(items[0], "\(what)[0]"), let high = double(items[1], "\(what)[1]") else { return nil }
        guard low.value < high.value else {
            sink.error(
                .invalidBounds,
                "\(what) must have low < high, found [\(written(items[0], low.value)), \(written(items[1], high.value))]",
                at: position)
            return nil
        }
        return Located([low.value, high.value], at: position)
    }
}
