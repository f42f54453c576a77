import Foundation
import PipelineBasics
import PipelineGraph
import PipelineSpec

/// Input files the pipeline names but nothing produces must exist before a
/// run starts; each missing one is reported at the place it is written.
public enum InputFileCheck {
    public static func missingFiles(in spec: PipelineSpec, folder: String) -> [Diagnostic] {
        let produced = Set(spec.stages.flatMap { $0.outs.map { StagePaths.normalized($0.value) } })
        var diagnostics: [Diagnostic] = []
        // Many stages may read one file (a fan-out): each is looked for once.
        var exists: [String: Bool] = [:]
        func check(_ path: Located<String>, what: @autoclosure () -> String, hint: @autoclosure () -> String) {
            guard !produced.contains(StagePaths.normalized(path.value)) else { return }
            let full = path.value.hasPrefix("/") ? path.value : folder + "/" + path.value
            let found = exists[full] ?? FileManager.default.fileExists(atPath: full)
            exists[full] = found
            if !found {
                diagnostics.append(
                    .error(
                        .missingFile, "\(what()) '\(path.value)' does not exist", at: path.position,
                        notes: ["paths are relative to the pipeline file's folder (\(folder))"], hints: [hint()]))
            }
        }
        for source in spec.data {
            if let table = source.origin.attributes {
                let hint =
                    table.path.value.contains("ml-100k")
                    ? "fetch MovieLens 100k with scripts/fetch-movielens.sh" : "check the path"
                check(table.path, what: "attribute file", hint: hint)
            }
            guard case .file(let file) = source.origin else { continue }
            let hint =
                file.path.value.contains("ml-100k")
                ? "fetch MovieLens 100k with scripts/fetch-movielens.sh"
                : "check the path, or add a stage whose 'outs' produce it"
            // A glob that matched nothing is reported where it is expanded.
            if file.partitions.isEmpty && file.pathIsGlob { continue }
            for path in file.files { check(path, what: "data file", hint: hint) }
        }
        for stage in spec.stages {
            for dep in stage.deps {
                check(
                    dep, what: "dependency of stage '\(stage.name.value)'",
                    hint: "check the path, or add a stage whose 'outs' produce it")
            }
        }
        return diagnostics
    }
}
