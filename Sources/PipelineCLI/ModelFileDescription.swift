import Foundation
import MLModels

/// What `mass export --inspect` (and an export) says of a model file.
struct ModelFileDescription: Encodable {
    struct Member: Encodable {
        var name: String
        var kinds: [String]
    }

    var pipeline: String
    var formatVersion: Int
    var members: [Member]
    var combiner: String
    var users: Int
    var items: Int
    var ratings: Int
    var scale: [Double]
    var dataFingerprint: String
    var target: String
    var metrics: [String: Double]
    var metricOrder: [String]
    var configuration: String
    /// Rating events learned after the export (a server's snapshot).
    var eventsLearned: Int

    init(_ ensemble: Ensemble, _ provenance: EnsembleProvenance) {
        pipeline = provenance.pipeline
        formatVersion = Int(EnsembleFile.version)
        members = ensemble.members.map { Member(name: $0.name, kinds: $0.models.map(\.kind)) }
        combiner = ensemble.combiner.name
        users = ensemble.identifiers.users.count
        items = ensemble.identifiers.items.count
        ratings = ensemble.rated.items.count
        scale = [ensemble.scale.lowerBound, ensemble.scale.upperBound]
        dataFingerprint = provenance.dataFingerprint
        target = provenance.target
        metrics = Dictionary(provenance.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        metricOrder = provenance.metrics.map(\.name)
        configuration = provenance.configuration
        eventsLearned = provenance.eventsLearned
    }

    private enum CodingKeys: String, CodingKey {
        case pipeline, formatVersion, members, combiner, users, items, ratings, scale, dataFingerprint, target, metrics
        case configuration, eventsLearned
    }

    func text() -> String {
        let memberList = members.map { member in
            let kinds = Set(member.kinds).sorted().joined(separator: ", ")
            return member.kinds.count == 1 ? "\(member.name) (\(kinds))" : "\(member.name) (\(member.kinds.count) × \(kinds))"
        }
        let metricList = metricOrder.compactMap { name in metrics[name].map { "\(name) \(Self.format($0))" } }
        return [
            "model file of pipeline '\(pipeline)' (format version \(formatVersion))",
            "  members:   " + memberList.joined(separator: "; "),
            "  combiner:  \(combiner)",
            "  data:      \(users) users, \(items) items, \(ratings) ratings on [\(Self.format(scale[0])), \(Self.format(scale[1]))]",
            "  data hash: \(dataFingerprint)",
            "  validated: " + (metricList.isEmpty ? "no metrics" : "\(target): " + metricList.joined(separator: ", "))
                + " (mean over the folds)"
                + (eventsLearned > 0 ? "; since then \(eventsLearned) rating events learned while serving" : ""),
            "  configuration: \(configuration)",
        ].joined(separator: "\n")
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.4f", value)
    }
}
