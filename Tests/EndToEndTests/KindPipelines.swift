import Foundation
import PipelineKinds
import PipelineSpec
import Testing

/// Pipelines generated from the kind tables: one per kind and per setting of
/// each of its choice and boolean parameters, on a small rating file with time
/// and group columns, so that every kind the validator accepts is also run.
struct KindPipeline: CustomTestStringConvertible, Sendable {
    var label: String
    var yaml: String

    var testDescription: String { label }

    /// A small file: 30 users, 20 items, a time for every rating and two groups for the `given` split.
    static let ratingsFile: String = {
        var lines = ["user,item,rating,time,fold"]
        for user in 0..<30 {
            for item in 0..<20 where (user * 7 + item * 3) % 4 != 0 {
                let rating = 1 + (user + item * 2) % 5
                lines.append("u\(user),i\(item),\(rating),\(user * 20 + item),\(item % 2 == 0 ? "a" : "b")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Values for parameters that have no default, or that a kind requires one of.
    static let sampleValues: [String: String] = [
        "run": "awk 'NR > 1 { print 3 }' {predict} > {out}", "of": "b",
        "fraction": "0.8", "size": "200", "window": "400", "cv": "3", "holdout": "0.2", "patience": "1",
        "epochs": "5", "features": "[user_support, item_support, time]",
    ]

    static var all: [KindPipeline] {
        var pipelines: [KindPipeline] = []
        for kind in Kinds.models.descriptors {
            for setting in settings(of: kind) {
                pipelines.append(make("model \(kind.name) \(setting.label)", models: "  m: {kind: \(kind.name)\(setting.keys)}"))
            }
        }
        for kind in Kinds.combiners.descriptors {
            let metas: [KindDescriptor?] = kind.requirements.contains(.metaModel) ? Kinds.metaModels.descriptors : [nil]
            for meta in metas {
                for setting in settings(of: kind) {
                    let metaSettings = meta.map { settings(of: $0) } ?? [Setting(label: "", keys: "")]
                    for metaSetting in metaSettings {
                        let metaText = meta.map { ", meta: {kind: \($0.name)\(metaSetting.keys)}" } ?? ""
                        pipelines.append(
                            make(
                                "combine \(kind.name)\(meta.map { " meta \($0.name)" } ?? "") \(setting.label)\(metaSetting.label)",
                                combine: "combine: {method: \(kind.name)\(setting.keys)\(metaText)}"))
                    }
                }
            }
        }
        for kind in Kinds.splits.descriptors {
            // A split over partitions reads the file twice: step 1 trains on the first copy and scores the second.
            for setting in settings(of: kind) {
                // An event stream reads one file and has no validation part: every rating is predicted, then learned.
                let stream = setting.keys.contains("granularity: event")
                let source =
                    kind.requirements.contains(.partitions) && !stream
                    ? "partitions: [ratings.csv, ratings.csv]" : "path: ratings.csv"
                pipelines.append(
                    make(
                        "split \(kind.name) \(setting.label)",
                        split: "split: {method: \(kind.name)\(stream ? "" : ", validation: 0.2")\(setting.keys)}",
                        source: source))
            }
        }
        for kind in Kinds.samplers.descriptors {
            for setting in settings(of: kind) {
                pipelines.append(
                    make("sample \(kind.name) \(setting.label)", sample: "sample: {method: \(kind.name)\(setting.keys)}"))
            }
        }
        return pipelines
    }

    struct Setting {
        var label: String
        var keys: String
    }

    /// The kind with its defaults, then one pipeline per value of each choice
    /// and boolean parameter; required parameters and one of each
    /// `exactlyOneOf` group get a sample value. For `exactlyOneOf`, each member
    /// of the group is tried in turn.
    static func settings(of kind: KindDescriptor) -> [Setting] {
        var required = kind.parameters.filter(\.isRequired).map { ", \($0.name): \(quoted(sampleValues[$0.name] ?? "x"))" }
            .joined()
        var alternatives = [""]
        if !kind.exactlyOneOf.isEmpty {
            alternatives = kind.exactlyOneOf.map { ", \($0): \(sampleValues[$0] ?? "1")" }
        }
        var settings: [Setting] = alternatives.map { Setting(label: "defaults" + $0, keys: required + $0) }
        required += alternatives[0]
        // Parameters with no default, each written alone (a window, a cv, a patience).
        for parameter in kind.parameters
        where parameter.defaultValue == nil && !parameter.isRequired && !kind.exactlyOneOf.contains(parameter.name) {
            var values = [sampleValues[parameter.name] ?? "1"]
            if parameter.type == .window { values = ["30d", "{rows: 20}"] }
            for value in values {
                settings.append(Setting(label: "\(parameter.name)=\(value)", keys: required + ", \(parameter.name): \(value)"))
            }
        }
        for parameter in kind.parameters where isList(parameter.type) {
            if let value = sampleValues[parameter.name] {
                settings.append(Setting(label: "\(parameter.name)=\(value)", keys: required + ", \(parameter.name): \(value)"))
            }
        }
        for parameter in kind.parameters {
            let values: [String] =
                switch parameter.type {
                case .choice(let options): options.filter { .string($0) != parameter.defaultValue }
                case .bool: parameter.defaultValue == .bool(true) ? ["false"] : ["true"]
                default: []
                }
            for value in values {
                settings.append(Setting(label: "\(parameter.name)=\(value)", keys: required + ", \(parameter.name): \(value)"))
            }
        }
        return settings
    }

    private static func isList(_ type: ParameterType) -> Bool {
        if case .choiceList = type { return true }
        return false
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func make(
        _ label: String, models: String = "  a: {kind: baseline}\n  b: {kind: mf, factors: 4, epochs: 5}",
        combine: String = "", split: String = "split: {method: kfold, folds: 2, validation: 0.2}", sample: String = "",
        source: String = "path: ratings.csv"
    ) -> KindPipeline {
        KindPipeline(
            label: label,
            yaml: """
                mass: 1
                seed: 3
                data:
                  ratings:
                    \(source)
                    columns: {user: user, item: item, rating: rating, time: time, group: fold}
                \(split)
                \(sample)
                models:
                \(models)
                \(combine)
                evaluate: {metrics: [rmse, mae, ndcg@5]}
                report: {json: out/results.json}

                """)
    }
}
