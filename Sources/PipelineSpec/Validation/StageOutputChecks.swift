import PipelineBasics

/// A run deletes a stage's old outputs and lets the command write them, so
/// an output must be a file inside the project that holds nothing else of
/// value: not outside the project (after `..` and symbolic links), not the
/// project folder, a folder holding the pipeline, the pipeline or its lock
/// file, nor inside `.git` or the cache. Folders are refused: outputs are files.
struct StageOutputChecks {
    let spec: PipelineSpec
    let sink: DiagnosticSink

    func run() {
        guard spec.stages.contains(where: { !$0.outs.isEmpty }),
            let layout = ProjectLayout(pipelineFile: spec.version.position.file)
        else { return }
        var resolver = ProjectLayout.Resolver(layout)
        for stage in spec.stages {
            for out in stage.outs { check(out, of: stage.name.value, in: layout, resolver: &resolver) }
        }
    }

    private func check(
        _ out: Located<String>, of stage: String, in layout: ProjectLayout, resolver: inout ProjectLayout.Resolver
    ) {
        // Messages are built only for a refused output: a valid pipeline of thousands of outputs builds none.
        var subject: String { "output '\(out.value)' of stage '\(stage)'" }
        if out.value.hasSuffix("/") {
            sink.error(
                .directoryOutput, "\(subject) is a folder", at: out.position,
                hints: ["declare the files the stage writes in it, e.g. \(out.value)part.csv"])
            return
        }
        let (resolved, isDirectory) = resolver.resolve(out.value)
        guard ProjectLayout.path(resolved, isWithin: layout.root) else {
            let project =
                layout.isGitWorkTree
                ? "the project is the git work tree \(layout.root)" : "the project is the pipeline's folder \(layout.root)"
            sink.error(
                .outputOutsideProject, "\(subject) is outside the project", at: out.position,
                notes: ["it resolves to \(resolved); \(project)"],
                hints: ["a run deletes a stage's outputs before it runs: write them inside the project"])
            return
        }
        let unsafe: String? =
            if resolved == layout.root {
                "is the project folder"
            } else if ProjectLayout.path(layout.folder, isWithin: resolved) {
                "holds the pipeline file"
            } else if resolved == layout.pipelineFile {
                "is the pipeline file"
            } else if resolved == layout.lockFile || resolved == layout.lockFile + ".run" {
                "is the pipeline's lock file"
            } else if layout.isGitWorkTree, ProjectLayout.path(resolved, isWithin: layout.root + "/.git") {
                "is inside the git folder"
            } else if ProjectLayout.path(resolved, isWithin: layout.cacheFolder) {
                "is inside the cache folder"
            } else {
                nil
            }
        if let unsafe {
            sink.error(
                .unsafeOutput, "\(subject) \(unsafe)", at: out.position,
                notes: ["it resolves to \(resolved)"],
                hints: ["a run deletes a stage's outputs before it runs: name the files the stage writes"])
            return
        }
        if isDirectory {
            sink.error(
                .directoryOutput, "\(subject) is a folder", at: out.position,
                hints: ["declare the files the stage writes in it, e.g. \(out.value)/part.csv"])
        }
    }
}
