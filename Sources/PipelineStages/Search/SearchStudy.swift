import ArtifactCache
import Foundation
import PipelineSpec

/// What a search leaves for the next run of its pipeline, under the cache's
/// `state/studies/`: the space and method it explored, the configurations it
/// tried in order, and why it stopped. The trials' results stay in the cache
/// as graph nodes; the study only says which configurations to ask for again.
struct SearchStudy: Codable, Equatable {
    static let formatVersion = 1

    enum StopReason: String, Codable {
        /// The trial budget was used up.
        case trials
        /// The timeout passed before the budget was used.
        case timeout
        /// The strategy had nothing more to propose (a grid done).
        case exhausted
    }

    var version = Self.formatVersion
    /// `path = distribution` per dimension, in order.
    var space: [String]
    /// The method and its parameters, budgets left out.
    var method: String
    /// Each trial's values by search path, in trial order.
    var trials: [[String: TrialValue]]
    /// `nil` while its trials still ran (a run stopped halfway).
    var stoppedBy: StopReason?
    /// The timeout the study ran under, when it had one.
    var timeout: Double?

    static func space(of search: SearchSpec) -> [String] {
        search.space.map { "\($0.path.value) = \($0.distribution.value)" }
    }

    /// The method's identity: its kind and every parameter but the budgets, which a study may change and go on.
    static func method(of search: SearchSpec, seed: Int) -> String {
        let budgets: Set<String> = ["trials", "timeout", "resume"]
        let parameters = search.configuration.parameters.effectiveValues.filter { !budgets.contains($0.name) }
        return
            ([search.method.value, "seed=\(seed)", "objective=\(search.objective.metric.value)"]
            + parameters.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }

    /// Where the study of the pipeline at `pipelineFile` is kept.
    static func path(forPipeline pipelineFile: String, in stateDirectory: String) -> String {
        let absolute = URL(fileURLWithPath: pipelineFile).standardizedFileURL.path
        return "\(stateDirectory)/studies/\(RunRecord.stateFileName(for: absolute)).json"
    }

    /// The study kept at `path`; `nil` when there is none or it cannot be read
    /// (a damaged study only costs the replay of its trials from the cache).
    static func read(from path: String) -> SearchStudy? {
        guard let data = FileManager.default.contents(atPath: path),
            let study = try? JSONDecoder().decode(SearchStudy.self, from: data), study.version == formatVersion
        else { return nil }
        return study
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(Array(try encoder.encode(self)), to: path)
    }
}
