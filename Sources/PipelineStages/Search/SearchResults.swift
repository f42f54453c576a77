import Foundation

/// A search's trials and its best configuration: in the results JSON under `search`.
public struct SearchResults: Codable, Sendable, Equatable {
    public var method: String
    /// The metric optimised, on the inner validation part.
    public var metric: String
    public var goal: String
    /// Whose metric: `combined`, or the model tuned.
    public var target: String
    public var trials: [TrialResult]
    /// The best trial's number, when any trial succeeded.
    public var best: Int?
    /// The best objective after each trial, in trial order.
    public var bestSoFar: [Double?]
    /// Why no more trials ran: `trials` (the budget), `timeout`, or `exhausted` (nothing left to propose).
    public var stoppedBy: String?
    /// How many of the first trials came from the earlier study of a changed space (`resume: extend`).
    public var resumed: Int?

    public var bestTrial: TrialResult? { trials.first { $0.trial == best } }
}

public struct TrialResult: Codable, Sendable, Equatable {
    /// From 1, in the order the strategy proposed them.
    public var trial: Int
    /// Search path → the value tried (`models.svd.lr: 0.004`).
    public var parameters: [String: TrialValue]
    /// The objective on the validation part; absent when the trial failed.
    public var objective: Double?
    /// `ok`, or `failed: why`.
    public var status: String
}

/// How a trial ran in one invocation: not part of the results, which stay
/// the same bytes whatever was cached.
public struct TrialRun: Codable, Sendable, Equatable {
    public var trial: Int
    /// Whether every node of the trial came from the cache.
    public var cached: Bool
    /// Time its nodes ran (0 when cached).
    public var milliseconds: Int
}

/// A parameter value as JSON shows it.
public enum TrialValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): "\(value)"
        case .bool(let value): String(value)
        case .string(let value): value
        }
    }
}

extension SearchResults {
    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The trials as a table (with how each ran, when known), and the best configuration.
    public func summaryLines(runs: [TrialRun] = []) -> [String] {
        var lines = ["", "search: \(method), \(trials.count) trials, \(metric) of \(target) on the validation part (\(goal))"]
        if stoppedBy == "timeout" { lines.append("stopped by its timeout after \(trials.count) trials") }
        if let resumed, resumed > 0 {
            lines.append("trials 1–\(resumed) are the earlier study's, inside the changed space (resume: extend)")
        }
        let paths = Array(Set(trials.flatMap(\.parameters.keys))).sorted()
        let byTrial = Dictionary(runs.map { ($0.trial, $0) }, uniquingKeysWith: { first, _ in first })
        var rows = [["trial"] + paths + [metric, "status"] + (runs.isEmpty ? [] : ["ran"])]
        for trial in trials {
            var row =
                [String(trial.trial)] + paths.map { trial.parameters[$0].map(Self.text) ?? "" }
                + [trial.objective.map(PipelineResults.format) ?? "-", trial.status]
            if !runs.isEmpty {
                row.append(byTrial[trial.trial].map { $0.cached ? "cached" : "\($0.milliseconds) ms" } ?? "")
            }
            rows.append(row)
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        if let best = bestTrial, let objective = best.objective {
            lines.append(
                "best: trial \(best.trial), \(metric) \(PipelineResults.format(objective)) on validation; refit for the results above"
            )
            lines += bestFragment().split(separator: "\n").map { "  " + $0 }
        }
        return lines
    }

    /// The best values as YAML to paste into the pipeline (`mass show FILE --best`).
    public func bestFragment() -> String {
        guard let best = bestTrial else { return "" }
        var lines: [String] = []
        var open: [String] = []
        for path in best.parameters.keys.sorted() {
            let parts = path.split(separator: ".").map(String.init)
            let sections = Array(parts.dropLast())
            let common = zip(open, sections).prefix { $0 == $1 }.count
            for (depth, section) in sections.enumerated().dropFirst(common) {
                lines.append(String(repeating: "  ", count: depth) + section + ":")
            }
            open = sections
            let value = best.parameters[path].map(Self.text) ?? ""
            lines.append(String(repeating: "  ", count: sections.count) + (parts.last ?? path) + ": " + value)
        }
        return lines.joined(separator: "\n")
    }

    private static func text(_ value: TrialValue) -> String {
        switch value {
        case .double(let number): String(format: "%.6g", number)
        default: value.description
        }
    }
}
