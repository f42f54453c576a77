import Foundation
import PipelineBasics
import PipelineSpec

#if canImport(Glibc)
    import Glibc
#endif

/// A source whose `path` is a glob reads the files it matches, in name order,
/// as its partitions: expanded when the pipeline is opened, so that each
/// partition is a node with its own content hash.
public enum PartitionFiles {
    /// `spec` with every glob `path` replaced by the partitions it matches, and
    /// an error at the `path` of each glob that matches no file.
    public static func resolve(_ spec: PipelineSpec, folder: String) -> (spec: PipelineSpec, diagnostics: [Diagnostic]) {
        var resolved = spec
        var diagnostics: [Diagnostic] = []
        for (index, source) in spec.data.enumerated() {
            guard case .file(var file) = source.origin, file.partitions.isEmpty, file.pathIsGlob else { continue }
            let matches = files(matching: file.path.value, in: folder)
            guard !matches.isEmpty else {
                diagnostics.append(
                    .error(
                        .missingFile, "no file matches '\(file.path.value)' of data source '\(source.name.value)'",
                        at: file.path.position,
                        notes: ["paths are relative to the pipeline file's folder (\(folder))"],
                        hints: ["check the pattern; its files are read in name order as partitions"]))
                continue
            }
            file.partitions = matches.map { Located($0, at: file.path.position) }
            resolved.data[index].origin = .file(file)
        }
        return (resolved, diagnostics)
    }

    /// Regular files matching `pattern` (relative to `folder` unless absolute), sorted by name,
    /// written as the pattern writes them.
    static func files(matching pattern: String, in folder: String) -> [String] {
        let absolute = pattern.hasPrefix("/")
        let full = absolute ? pattern : folder + "/" + pattern
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(full, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            guard let pointer = result.gl_pathv[index] else { continue }
            let path = String(cString: pointer)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            paths.append(absolute ? path : String(path.dropFirst(folder.count + 1)))
        }
        return paths.sorted()
    }
}
