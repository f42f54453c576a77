import Foundation
import PipelineBasics

/// The result of reading one pipeline file: the spec when it is valid, and
/// every diagnostic found on the way.
public struct LoadedPipeline: Sendable {
    public var file: String
    public var spec: PipelineSpec?
    public var diagnostics: [Diagnostic]
    /// Source text by file name, for rendering the diagnostics.
    public var sources: [String: String]

    public var hasErrors: Bool { diagnostics.hasErrors }
}

/// Reads, interpolates, decodes and checks pipeline files.
public struct PipelineLoader: Sendable {
    public var registry: KindRegistry
    public var environment: [String: String]
    /// Whether an override of an undeclared param names the pipeline file;
    /// set when one command reads several files with the same overrides.
    public var namesFileInOverrideErrors = false

    public init(registry: KindRegistry, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.registry = registry
        self.environment = environment
    }

    public func load(file path: String, overrides: ParameterOverrides = ParameterOverrides()) -> LoadedPipeline {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            let diagnostic = Diagnostic.error(
                .unreadableFile, exists ? "cannot read '\(path)'" : "no such file '\(path)'",
                at: SourcePosition(file: path, line: 0, column: 0),
                hints: exists ? ["check the file's permissions"] : ["check the path; it is relative to the current folder"])
            return LoadedPipeline(file: path, spec: nil, diagnostics: [diagnostic], sources: [:])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let diagnostic = Diagnostic.error(
                .yamlSyntax, "'\(path)' is not UTF-8 text", at: SourcePosition(file: path, line: 0, column: 0),
                hints: ["save the file as UTF-8"])
            return LoadedPipeline(file: path, spec: nil, diagnostics: [diagnostic], sources: [:])
        }
        return load(text: text, file: path, overrides: overrides)
    }

    public func load(text: String, file: String, overrides: ParameterOverrides = ParameterOverrides()) -> LoadedPipeline {
        var sources = overrides.sources
        sources[file] = text
        var result = LoadedPipeline(file: file, spec: nil, diagnostics: overrides.diagnostics, sources: sources)
        let root: ConfigNode
        let lines = sourceLines(text)
        switch YAMLDocumentLoader.load(text, file: file, lines: lines) {
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        case .success(let node):
            root = node
        }
        let sink = DiagnosticSink()
        guard case .mapping(let entries, let position) = root else {
            sink.error(
                .wrongType, "a pipeline file must be a mapping of sections, found \(root.shapeName)", at: root.position,
                hints: ["start the file with 'mass: \(PipelineSpec.languageVersion)'"])
            result.diagnostics += sink.diagnostics
            return result
        }

        // Params first: they may use ${env.X}, then overrides replace them.
        let paramsNode = entries.first { $0.key.value == "params" }?.value
        var declared = ParamsSection.read(paramsNode, sink: sink, environment: environment, sourceLines: lines)
        ParamsSection.apply(overrides, to: &declared, sink: sink, file: namesFileInOverrideErrors ? file : nil)
        let params = declared.declarations(sink: sink)

        var interpolator = Interpolator(params: declared.nodesByName, environment: environment, sink: sink, sourceLines: lines)
        let body = entries.filter { $0.key.value != "params" }.map {
            ConfigEntry(key: $0.key, value: interpolator.apply($0.value, path: [$0.key.value]))
        }
        let interpolated = ConfigNode.mapping(body, position)

        let decoder = SpecDecoder(sink: sink, registry: registry, sourceLines: lines)
        let spec = decoder.decode(interpolated, params: params)
        if let spec, !sink.hasErrors {
            SemanticChecks(spec: spec, registry: registry, sink: sink).run()
            ParamsSection.warnUnused(
                declared, used: interpolator.usedParams.union(spec.stages.flatMap { $0.params.map(\.value) }), sink: sink)
        }
        result.diagnostics += sink.diagnostics
        result.spec = result.diagnostics.hasErrors ? nil : spec
        // The located trees are done with: a large pipeline's take long to free.
        releaseInBackground((consume root, consume interpolated))
        return result
    }
}
